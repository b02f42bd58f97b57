package io.kitchenwatch.node.loadtest;

/** One second of a loadtest: totals so far (messages, CPU seconds) and the node's heap. */
record Sample(double seconds, long published, long acked, double stored, double analysed, long alerts, double cpuSeconds,
              double heapBytes) {
}
