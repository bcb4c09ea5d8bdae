//! Training steps and inference make no heap allocation once a network exists.
//!
//! A counting global allocator tallies every allocation made on the current thread; the test
//! reads the tally before and after 1,000 training steps and 1,000 inferences.

use static_mlp::data;
use static_mlp::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.realloc(pointer, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// How many allocations `work` makes on this thread.
fn allocations_during(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn the_counter_sees_a_heap_allocation() {
    let count = allocations_during(|| drop(std::hint::black_box(vec![1.0_f64; 8])));
    assert_eq!(count, 1);
}

#[test]
fn seed_network_trains_and_predicts_without_allocating() {
    type XorNet = mlp!(f64, no_bias; 2 => 4 => 4 => 1);
    let xor = data::xor_easy::<f64>();
    let mut net = XorNet::random(Init::StandardNormal, &mut StdRng::seed_from_u64(1));
    let mut optimizer = GradientDescent::new(0.5).unwrap();

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            net.train_step(&MeanSquaredError, &mut optimizer, &xor.inputs, &xor.labels);
        }
        for i in 0..1_000 {
            let v = f64::from(i) / 1_000.0;
            std::hint::black_box(net.predict_one([v, 1.0 - v]));
            std::hint::black_box(net.predict(&xor.inputs));
        }
    });
    assert_eq!(count, 0, "training and inference allocated {count} times");
}

#[test]
fn biased_relu_bce_network_in_f32_trains_without_allocating() {
    type Net = mlp!(f32; 2 => 16 Relu => 16 LeakyRelu => 1 Sigmoid);
    let xor = data::xor_easy::<f32>();
    let mut net = Net::random(Init::He, &mut StdRng::seed_from_u64(2));
    let mut optimizer = GradientDescent::new(0.1).unwrap();

    let count = allocations_during(|| {
        for _ in 0..1_000 {
            net.train_step(
                &BinaryCrossEntropy,
                &mut optimizer,
                &xor.inputs,
                &xor.labels,
            );
            std::hint::black_box(net.predict_one([0.3, 0.7]));
        }
    });
    assert_eq!(count, 0, "training and inference allocated {count} times");
}
