//! The public API of `static-mlp`, one line per item, compared with `public-api.txt`.
//!
//! The program builds the crate's documentation as JSON (rustdoc's `--output-format json`,
//! with every feature), walks the public module tree from the crate's root the way a user's
//! `use` does, and writes one line per public item: modules, types, traits, functions, macros,
//! constants, fields, variants, inherent methods, trait items and trait implementations, with
//! a function's generic parameters, arguments and result. Lines are sorted by path.
//!
//! It also checks that every item has one public path: an item reachable under two paths
//! (`static_mlp::prelude` aside, which only gathers items) is an error.
//!
//! ```text
//! cargo run -p static-mlp-api               # compare; exit 1 and print the difference
//! cargo run -p static-mlp-api -- --bless    # rewrite public-api.txt
//! ```

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

/// The rustdoc JSON format this reader was written for (`format_version` in the file).
const FORMAT_VERSION: u64 = 57;
/// The module whose items are all reachable elsewhere too.
const PRELUDE: &str = "static_mlp::prelude";

fn main() -> ExitCode {
    let bless = match env::args().nth(1).as_deref() {
        None => false,
        Some("--bless") => true,
        Some(other) => {
            eprintln!("unknown argument {other:?}: expected none (compare) or --bless (rewrite)");
            return ExitCode::from(2);
        }
    };
    match run(bless) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(bless: bool) -> Result<ExitCode, String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("public-api.txt");
    let json = build_json(&workspace)?;
    let text = fs::read_to_string(&json).map_err(|e| format!("{}: {e}", json.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
    let version = doc["format_version"].as_u64();
    if version != Some(FORMAT_VERSION) {
        return Err(format!(
            "rustdoc JSON format {version:?}, this reader knows {FORMAT_VERSION}: \
             check tests/api/public_api.rs against the new format and update FORMAT_VERSION"
        ));
    }

    let api = Api::new(&doc)?;
    let duplicates = api.duplicates();
    if !duplicates.is_empty() {
        eprintln!("items with more than one public path (the prelude aside):");
        for paths in duplicates {
            eprintln!("  {}", paths.join("  and  "));
        }
        return Ok(ExitCode::FAILURE);
    }
    let lines = api.lines();
    let mut current = lines.join("\n");
    current.push('\n');

    if bless {
        fs::write(&snapshot, &current).map_err(|e| format!("{}: {e}", snapshot.display()))?;
        println!("wrote {} ({} lines)", snapshot.display(), lines.len());
        return Ok(ExitCode::SUCCESS);
    }
    let committed = fs::read_to_string(&snapshot).unwrap_or_default();
    if committed == current {
        println!("public API unchanged: {} lines", lines.len());
        return Ok(ExitCode::SUCCESS);
    }
    let old: BTreeSet<&str> = committed.lines().collect();
    let new: BTreeSet<&str> = lines.iter().map(String::as_str).collect();
    println!("the public API differs from tests/api/public-api.txt:");
    for line in committed.lines().filter(|line| !new.contains(line)) {
        println!("- {line}");
    }
    for line in lines.iter().filter(|line| !old.contains(line.as_str())) {
        println!("+ {line}");
    }
    println!("if the change is meant: cargo run -p static-mlp-api -- --bless, and commit the file");
    Ok(ExitCode::FAILURE)
}

/// Runs rustdoc with every feature, on a target directory of its own (`RUSTC_BOOTSTRAP`
/// changes the compiler's flags, so the usual one would be rebuilt each time).
fn build_json(workspace: &Path) -> Result<PathBuf, String> {
    let target = workspace.join("target/api");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace)
        .env("RUSTC_BOOTSTRAP", "1")
        .args([
            "rustdoc",
            "-p",
            "static-mlp",
            "--lib",
            "--all-features",
            "--target-dir",
        ])
        .arg(&target)
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        .status()
        .map_err(|e| format!("running cargo rustdoc: {e}"))?;
    if !status.success() {
        return Err(format!("cargo rustdoc failed: {status}"));
    }
    Ok(target.join("doc/static_mlp.json"))
}

/// The crate's items (`index`) and the paths of the items of other crates it names (`paths`).
struct Api<'a> {
    index: &'a Map<String, Value>,
    paths: &'a Map<String, Value>,
    root: String,
    /// Every public path of each item the module tree reaches, the prelude aside.
    homes: BTreeMap<String, Vec<String>>,
}

/// One line of the listing and the key it is sorted by (the item's path).
type Line = (String, String);

impl<'a> Api<'a> {
    fn new(doc: &'a Value) -> Result<Self, String> {
        let field = |name: &str| {
            doc[name]
                .as_object()
                .ok_or_else(|| format!("rustdoc JSON without `{name}`"))
        };
        let root = match &doc["root"] {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            other => return Err(format!("rustdoc JSON root {other}")),
        };
        let mut api = Api {
            index: field("index")?,
            paths: field("paths")?,
            root,
            homes: BTreeMap::new(),
        };
        let mut homes = BTreeMap::new();
        api.walk_module(&api.root.clone(), "static_mlp", &mut |id, path, _| {
            if !path.starts_with(PRELUDE) {
                homes
                    .entry(id.to_string())
                    .or_insert_with(Vec::new)
                    .push(path.to_string());
            }
        });
        api.homes = homes;
        Ok(api)
    }

    fn item(&self, id: &str) -> &'a Value {
        self.index.get(id).unwrap_or(&Value::Null)
    }

    /// Calls `visit(id, path, item)` for each public item of a module, modules recursively,
    /// following `pub use` to the item it names (a glob to each item of its module).
    fn walk_module(&self, id: &str, path: &str, visit: &mut dyn FnMut(&str, &str, &Value)) {
        let item = self.item(id);
        visit(id, path, item);
        let children = item["inner"]["module"]["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for child in children {
            self.walk_entry(&key(&child), path, visit);
        }
    }

    fn walk_entry(&self, id: &str, parent: &str, visit: &mut dyn FnMut(&str, &str, &Value)) {
        let item = self.item(id);
        if item["visibility"] != "public" {
            return;
        }
        let inner = &item["inner"];
        if let Some(import) = inner.get("use") {
            let target = key(&import["id"]);
            let local = self.index.contains_key(&target) && self.item(&target)["crate_id"] == 0;
            let name = import["name"].as_str().unwrap_or("?");
            if import["is_glob"] == true {
                if local {
                    let children = self.item(&target)["inner"]["module"]["items"].clone();
                    for child in children.as_array().into_iter().flatten() {
                        self.walk_entry(&key(child), parent, visit);
                    }
                } else {
                    visit(id, &format!("{parent}::*"), item);
                }
            } else if local {
                self.walk_named(&target, &format!("{parent}::{name}"), visit);
            } else {
                visit(id, &format!("{parent}::{name}"), item);
            }
        } else if let Some(name) = item["name"].as_str() {
            self.walk_named(id, &format!("{parent}::{name}"), visit);
        }
    }

    fn walk_named(&self, id: &str, path: &str, visit: &mut dyn FnMut(&str, &str, &Value)) {
        if self.item(id)["inner"].get("module").is_some() {
            self.walk_module(id, path, visit);
        } else {
            visit(id, path, self.item(id));
        }
    }

    /// The items reached under more than one path.
    fn duplicates(&self) -> Vec<Vec<String>> {
        self.homes
            .values()
            .filter(|paths| paths.len() > 1)
            .cloned()
            .collect()
    }

    /// The public path of a local item, or the defining path of another crate's.
    fn path_of(&self, id: &Value, written: &str) -> String {
        let id = key(id);
        if let Some(home) = self.homes.get(&id).and_then(|paths| paths.first()) {
            return home.clone();
        }
        match self
            .paths
            .get(&id)
            .and_then(|summary| summary["path"].as_array())
        {
            Some(segments) => segments
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("::"),
            None => written.to_string(),
        }
    }

    /// The listing, sorted by path.
    fn lines(&self) -> Vec<String> {
        let mut lines: Vec<Line> = Vec::new();
        self.walk_module(&self.root.clone(), "static_mlp", &mut |_, path, item| {
            self.describe(path, item, &mut lines);
        });
        lines.sort();
        lines.dedup();
        lines.into_iter().map(|(_, line)| line).collect()
    }

    fn describe(&self, path: &str, item: &Value, lines: &mut Vec<Line>) {
        let inner = &item["inner"];
        let mut add = |line: String| lines.push((path.to_string(), line));
        if let Some(import) = inner.get("use") {
            let source = import["source"].as_str().unwrap_or("?");
            add(format!("pub use {path} = {source}"));
            return;
        }
        if path.starts_with(&format!("{PRELUDE}::")) {
            let home = self.path_of(&item["id"], "?");
            add(format!("pub use {path} = {home}"));
            return;
        }
        let Some((kind, body)) = inner.as_object().and_then(|o| o.iter().next()) else {
            return;
        };
        match kind.as_str() {
            "module" => add(format!("pub mod {path}")),
            "struct" => {
                let generics = self.generics(&body["generics"]);
                let kind = &body["kind"];
                if kind == "unit" {
                    add(format!("pub struct {path}{generics};"));
                } else if let Some(fields) = kind.get("tuple") {
                    let fields: Vec<String> = fields
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|f| match f {
                            Value::Null => "_".to_string(),
                            id => format!(
                                "pub {}",
                                self.ty(&self.item(&key(id))["inner"]["struct_field"])
                            ),
                        })
                        .collect();
                    add(format!(
                        "pub struct {path}{generics}({})",
                        fields.join(", ")
                    ));
                } else {
                    add(format!("pub struct {path}{generics}"));
                    for field in kind["plain"]["fields"].as_array().into_iter().flatten() {
                        let field = self.item(&key(field));
                        let name = field["name"].as_str().unwrap_or("?");
                        let ty = self.ty(&field["inner"]["struct_field"]);
                        lines.push((
                            format!("{path}::{name}"),
                            format!("pub field {path}::{name}: {ty}"),
                        ));
                    }
                }
                self.impls(path, &body["impls"], lines);
            }
            "enum" => {
                add(format!(
                    "pub enum {path}{}",
                    self.generics(&body["generics"])
                ));
                for variant in body["variants"].as_array().into_iter().flatten() {
                    let variant = self.item(&key(variant));
                    let name = variant["name"].as_str().unwrap_or("?");
                    let shape = self.variant_fields(&variant["inner"]["variant"]["kind"]);
                    lines.push((
                        format!("{path}::{name}"),
                        format!("pub variant {path}::{name}{shape}"),
                    ));
                }
                self.impls(path, &body["impls"], lines);
            }
            "trait" => {
                let bounds = self.bounds(&body["bounds"]);
                let bounds = if bounds.is_empty() {
                    bounds
                } else {
                    format!(": {bounds}")
                };
                add(format!(
                    "pub trait {path}{}{bounds}",
                    self.generics(&body["generics"])
                ));
                for member in body["items"].as_array().into_iter().flatten() {
                    let member = self.item(&key(member));
                    if let Some(line) = self.member(path, member) {
                        lines.push(line);
                    }
                }
            }
            "function" => add(self.function(path, body)),
            "constant" => add(format!("pub const {path}: {}", self.ty(&body["type"]))),
            "static" => add(format!("pub static {path}: {}", self.ty(&body["type"]))),
            "type_alias" => add(format!(
                "pub type {path}{} = {}",
                self.generics(&body["generics"]),
                self.ty(&body["type"])
            )),
            "macro" | "proc_macro" => add(format!("pub macro {path}!")),
            other => add(format!("pub {other} {path}")),
        }
    }

    /// A type's inherent methods and constants, and the traits it implements (not the blanket
    /// implementations every type gets, nor the automatic `Send`/`Sync`/… ones).
    fn impls(&self, path: &str, impls: &Value, lines: &mut Vec<Line>) {
        for id in impls.as_array().into_iter().flatten() {
            let block = &self.item(&key(id))["inner"]["impl"];
            if block["is_synthetic"] == true || !block["blanket_impl"].is_null() {
                continue;
            }
            // `derive(PartialEq)`'s marker for constant patterns: it comes with `PartialEq`.
            if block["trait"]["path"] == "StructuralPartialEq" {
                continue;
            }
            match &block["trait"] {
                Value::Null => {
                    for member in block["items"].as_array().into_iter().flatten() {
                        let member = self.item(&key(member));
                        if member["visibility"] == "public" {
                            lines.extend(self.member(path, member));
                        }
                    }
                }
                implemented => {
                    let negative = if block["is_negative"] == true {
                        "!"
                    } else {
                        ""
                    };
                    let name = self.path_of(
                        &implemented["id"],
                        implemented["path"].as_str().unwrap_or("?"),
                    );
                    let args = self.args(&implemented["args"]);
                    // Listed under each type it names (`From<A> for B` under `A` too): once,
                    // under the type it is for.
                    let target = &block["for"]["resolved_path"];
                    let target = match target.get("id") {
                        Some(id) => self.path_of(id, target["path"].as_str().unwrap_or("?")),
                        None => self.ty(&block["for"]),
                    };
                    lines.push((
                        format!("{target}::~impl {name}"),
                        format!("impl {negative}{name}{args} for {target}"),
                    ));
                }
            }
        }
    }

    /// A method, associated constant or associated type, under its type's or trait's path.
    fn member(&self, parent: &str, member: &Value) -> Option<Line> {
        let name = member["name"].as_str()?;
        let path = format!("{parent}::{name}");
        let inner = &member["inner"];
        let line = if let Some(function) = inner.get("function") {
            self.function(&path, function)
        } else if let Some(constant) = inner.get("assoc_const") {
            format!("const {path}: {}", self.ty(&constant["type"]))
        } else if let Some(alias) = inner.get("assoc_type") {
            let bounds = self.bounds(&alias["bounds"]);
            let bounds = if bounds.is_empty() {
                bounds
            } else {
                format!(": {bounds}")
            };
            match &alias["type"] {
                Value::Null => format!("type {path}{bounds}"),
                ty => format!("type {path}{bounds} = {}", self.ty(ty)),
            }
        } else {
            return None;
        };
        Some((path, line))
    }

    fn function(&self, path: &str, function: &Value) -> String {
        let header = &function["header"];
        let mut qualifiers = String::new();
        if header["is_const"] == true {
            qualifiers.push_str("const ");
        }
        if header["is_unsafe"] == true {
            qualifiers.push_str("unsafe ");
        }
        let sig = &function["sig"];
        let inputs: Vec<String> = sig["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|input| {
                let name = input[0].as_str().unwrap_or("_");
                let ty = &input[1];
                if name == "self" {
                    if ty["generic"] == "Self" {
                        return "self".to_string();
                    }
                    let reference = &ty["borrowed_ref"];
                    if reference["type"]["generic"] == "Self" {
                        let mutable = if reference["is_mutable"] == true {
                            "mut "
                        } else {
                            ""
                        };
                        return format!("&{mutable}self");
                    }
                }
                format!("{name}: {}", self.ty(ty))
            })
            .collect();
        let output = match &sig["output"] {
            Value::Null => String::new(),
            ty => format!(" -> {}", self.ty(ty)),
        };
        let generics = self.generics(&function["generics"]);
        let wheres = self.where_clause(&function["generics"]);
        format!(
            "pub {qualifiers}fn {path}{generics}({}){output}{wheres}",
            inputs.join(", ")
        )
    }

    fn variant_fields(&self, kind: &Value) -> String {
        if let Some(fields) = kind.get("tuple") {
            let types: Vec<String> = fields
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| match f {
                    Value::Null => "_".to_string(),
                    id => self.ty(&self.item(&key(id))["inner"]["struct_field"]),
                })
                .collect();
            format!("({})", types.join(", "))
        } else if let Some(fields) = kind.get("struct") {
            let fields: Vec<String> = fields["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| {
                    let field = self.item(&key(f));
                    format!(
                        "{}: {}",
                        field["name"].as_str().unwrap_or("?"),
                        self.ty(&field["inner"]["struct_field"])
                    )
                })
                .collect();
            format!(" {{ {} }}", fields.join(", "))
        } else {
            String::new()
        }
    }

    /// `<'a, T: Bound, const N: usize>`, without the parameters `impl Trait` arguments make.
    fn generics(&self, generics: &Value) -> String {
        let params: Vec<String> = generics["params"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|param| {
                let name = param["name"].as_str().unwrap_or("?");
                let kind = &param["kind"];
                if let Some(ty) = kind.get("type") {
                    if ty["is_synthetic"] == true {
                        return None;
                    }
                    let bounds = self.bounds(&ty["bounds"]);
                    let mut text = if bounds.is_empty() {
                        name.to_string()
                    } else {
                        format!("{name}: {bounds}")
                    };
                    if !ty["default"].is_null() {
                        text.push_str(&format!(" = {}", self.ty(&ty["default"])));
                    }
                    Some(text)
                } else if let Some(constant) = kind.get("const") {
                    Some(format!("const {name}: {}", self.ty(&constant["type"])))
                } else {
                    Some(name.to_string())
                }
            })
            .collect();
        if params.is_empty() {
            String::new()
        } else {
            format!("<{}>", params.join(", "))
        }
    }

    fn where_clause(&self, generics: &Value) -> String {
        let predicates: Vec<String> = generics["where_predicates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|predicate| {
                if let Some(bound) = predicate.get("bound_predicate") {
                    format!(
                        "{}: {}",
                        self.ty(&bound["type"]),
                        self.bounds(&bound["bounds"])
                    )
                } else if let Some(equal) = predicate.get("eq_predicate") {
                    format!("{} = {}", self.ty(&equal["lhs"]), self.term(&equal["rhs"]))
                } else {
                    predicate.to_string()
                }
            })
            .collect();
        if predicates.is_empty() {
            String::new()
        } else {
            format!(" where {}", predicates.join(", "))
        }
    }

    fn bounds(&self, bounds: &Value) -> String {
        let bounds: Vec<String> = bounds
            .as_array()
            .into_iter()
            .flatten()
            .map(|bound| {
                if let Some(bound) = bound.get("trait_bound") {
                    let modifier = if bound["modifier"] == "maybe" {
                        "?"
                    } else {
                        ""
                    };
                    format!("{modifier}{}", self.path_type(&bound["trait"]))
                } else if let Some(lifetime) = bound.get("outlives") {
                    lifetime.as_str().unwrap_or("'?").to_string()
                } else {
                    "use<..>".to_string()
                }
            })
            .collect();
        bounds.join(" + ")
    }

    /// A path as written (its last segment) with its generic arguments.
    fn path_type(&self, path: &Value) -> String {
        let written = path["path"].as_str().unwrap_or("?");
        let name = written.rsplit("::").next().unwrap_or(written);
        format!("{name}{}", self.args(&path["args"]))
    }

    fn args(&self, args: &Value) -> String {
        if let Some(angle) = args.get("angle_bracketed") {
            let mut parts: Vec<String> = angle["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|arg| {
                    if let Some(ty) = arg.get("type") {
                        self.ty(ty)
                    } else if let Some(constant) = arg.get("const") {
                        constant["expr"].as_str().unwrap_or("?").to_string()
                    } else if let Some(lifetime) = arg.get("lifetime") {
                        lifetime.as_str().unwrap_or("'?").to_string()
                    } else {
                        "_".to_string()
                    }
                })
                .collect();
            for constraint in angle["constraints"].as_array().into_iter().flatten() {
                let name = constraint["name"].as_str().unwrap_or("?");
                let binding = &constraint["binding"];
                if let Some(equal) = binding.get("equality") {
                    parts.push(format!("{name} = {}", self.term(equal)));
                } else {
                    parts.push(format!("{name}: {}", self.bounds(&binding["constraint"])));
                }
            }
            if parts.is_empty() {
                String::new()
            } else {
                format!("<{}>", parts.join(", "))
            }
        } else if let Some(parenthesized) = args.get("parenthesized") {
            let inputs: Vec<String> = parenthesized["inputs"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| self.ty(t))
                .collect();
            let output = match &parenthesized["output"] {
                Value::Null => String::new(),
                ty => format!(" -> {}", self.ty(ty)),
            };
            format!("({}){output}", inputs.join(", "))
        } else {
            String::new()
        }
    }

    fn term(&self, term: &Value) -> String {
        if let Some(ty) = term.get("type") {
            self.ty(ty)
        } else if let Some(constant) = term.get("constant") {
            constant["expr"].as_str().unwrap_or("?").to_string()
        } else {
            "?".to_string()
        }
    }

    fn ty(&self, ty: &Value) -> String {
        let Some((kind, body)) = ty.as_object().and_then(|o| o.iter().next()) else {
            return "?".to_string();
        };
        match kind.as_str() {
            "resolved_path" => self.path_type(body),
            "generic" | "primitive" => body.as_str().unwrap_or("?").to_string(),
            "borrowed_ref" => {
                let lifetime = body["lifetime"]
                    .as_str()
                    .map(|l| format!("{l} "))
                    .unwrap_or_default();
                let mutable = if body["is_mutable"] == true {
                    "mut "
                } else {
                    ""
                };
                format!("&{lifetime}{mutable}{}", self.ty(&body["type"]))
            }
            "raw_pointer" => {
                let mutable = if body["is_mutable"] == true {
                    "mut"
                } else {
                    "const"
                };
                format!("*{mutable} {}", self.ty(&body["type"]))
            }
            "tuple" => {
                let types: Vec<String> = body
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| self.ty(t))
                    .collect();
                if types.len() == 1 {
                    format!("({},)", types[0])
                } else {
                    format!("({})", types.join(", "))
                }
            }
            "slice" => format!("[{}]", self.ty(body)),
            "array" => format!(
                "[{}; {}]",
                self.ty(&body["type"]),
                body["len"].as_str().unwrap_or("?")
            ),
            "impl_trait" => format!("impl {}", self.bounds(body)),
            "dyn_trait" => {
                let traits: Vec<String> = body["traits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| self.path_type(&t["trait"]))
                    .collect();
                let lifetime = body["lifetime"]
                    .as_str()
                    .map(|l| format!(" + {l}"))
                    .unwrap_or_default();
                format!("dyn {}{lifetime}", traits.join(" + "))
            }
            "qualified_path" => {
                let name = body["name"].as_str().unwrap_or("?");
                let self_type = self.ty(&body["self_type"]);
                let args = self.args(&body["args"]);
                match &body["trait"] {
                    tr if tr.is_null() || tr["path"] == "" => format!("{self_type}::{name}{args}"),
                    tr => format!("<{self_type} as {}>::{name}{args}", self.path_type(tr)),
                }
            }
            "function_pointer" => {
                let sig = &body["sig"];
                let inputs: Vec<String> = sig["inputs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|i| self.ty(&i[1]))
                    .collect();
                let output = match &sig["output"] {
                    Value::Null => String::new(),
                    ty => format!(" -> {}", self.ty(ty)),
                };
                format!("fn({}){output}", inputs.join(", "))
            }
            "infer" => "_".to_string(),
            other => format!("<{other}>"),
        }
    }
}

/// An item id as the `index`'s key (a number in the JSON, a string as a key).
fn key(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A crate `static_mlp` with a module `model` holding `Dense` and a function, and a
    /// prelude re-exporting `Dense`; `extra` items are added to the root module.
    fn doc(extra: &[Value]) -> Value {
        let mut root_items = vec![json!(1), json!(2)];
        let mut index = json!({
            "0": { "id": 0, "crate_id": 0, "name": "static_mlp", "visibility": "public",
                   "inner": { "module": { "items": [] } } },
            "1": { "id": 1, "crate_id": 0, "name": "model", "visibility": "public",
                   "inner": { "module": { "items": [3, 6] } } },
            "2": { "id": 2, "crate_id": 0, "name": "prelude", "visibility": "public",
                   "inner": { "module": { "items": [4] } } },
            "3": { "id": 3, "crate_id": 0, "name": "Dense", "visibility": "public",
                   "inner": { "struct": { "kind": { "plain": { "fields": [], "has_stripped_fields": true } },
                                          "generics": { "params": [], "where_predicates": [] },
                                          "impls": [] } } },
            "4": { "id": 4, "crate_id": 0, "name": null, "visibility": "public",
                   "inner": { "use": { "source": "crate::model::Dense", "name": "Dense", "id": 3, "is_glob": false } } },
            "6": { "id": 6, "crate_id": 0, "name": "first", "visibility": "public",
                   "inner": { "function": {
                       "sig": {
                           "inputs": [["x", { "borrowed_ref": { "lifetime": null, "is_mutable": false,
                               "type": { "array": { "type": { "generic": "T" }, "len": "N" } } } }]],
                           "output": { "resolved_path": { "path": "Option", "id": 99,
                               "args": { "angle_bracketed": { "args": [{ "type": { "generic": "T" } }], "constraints": [] } } } },
                           "is_c_variadic": false },
                       "generics": { "params": [
                           { "name": "T", "kind": { "type": { "bounds": [{ "trait_bound": {
                               "trait": { "path": "Scalar", "id": 98, "args": null },
                               "generic_params": [], "modifier": "none" } }],
                               "default": null, "is_synthetic": false } } },
                           { "name": "N", "kind": { "const": { "type": { "primitive": "usize" }, "default": null } } }
                       ], "where_predicates": [] },
                       "header": { "is_const": false, "is_unsafe": false, "is_async": false, "abi": "Rust" },
                       "has_body": true } } }
        });
        for (n, item) in extra.iter().enumerate() {
            let id = 10 + n;
            let mut item = item.clone();
            item["id"] = json!(id);
            index[id.to_string()] = item;
            root_items.push(json!(id));
        }
        index["0"]["inner"]["module"]["items"] = json!(root_items);
        json!({ "root": 0, "index": index, "paths": {}, "format_version": FORMAT_VERSION })
    }

    #[test]
    fn one_line_per_item_sorted_by_path_with_the_prelude_pointing_home() {
        let doc = doc(&[]);
        let api = Api::new(&doc).unwrap();
        assert!(api.duplicates().is_empty());
        assert_eq!(
            api.lines(),
            [
                "pub mod static_mlp",
                "pub mod static_mlp::model",
                "pub struct static_mlp::model::Dense",
                "pub fn static_mlp::model::first<T: Scalar, const N: usize>(x: &[T; N]) -> Option<T>",
                "pub mod static_mlp::prelude",
                "pub use static_mlp::prelude::Dense = static_mlp::model::Dense",
            ]
        );
    }

    #[test]
    fn an_item_under_a_second_path_is_a_duplicate() {
        let reexport = json!({ "crate_id": 0, "name": null, "visibility": "public",
            "inner": { "use": { "source": "model::Dense", "name": "Dense", "id": 3, "is_glob": false } } });
        let doc = doc(&[reexport]);
        let api = Api::new(&doc).unwrap();
        assert_eq!(
            api.duplicates(),
            [["static_mlp::model::Dense", "static_mlp::Dense"]]
        );
    }

    #[test]
    fn a_crate_private_reexport_is_not_a_path() {
        let private = json!({ "crate_id": 0, "name": null, "visibility": "crate",
            "inner": { "use": { "source": "model::Dense", "name": "Dense", "id": 3, "is_glob": false } } });
        let doc = doc(&[private]);
        assert!(Api::new(&doc).unwrap().duplicates().is_empty());
    }
}
