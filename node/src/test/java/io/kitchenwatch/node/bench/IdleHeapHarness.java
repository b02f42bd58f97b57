package io.kitchenwatch.node.bench;

import io.kitchenwatch.devices.registry.ProvinceRegistry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.fixtures.NodeProcess;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What an idle registered device costs a node: two nodes in turn, as child JVMs on their embedded broker and store with
 * no traffic, one on the demo county (a baseline in the same run) and one on a generated province; after a full GC
 * of each (jcmd GC.run), the heap each holds, and the difference per device. Also each start time (launch to HTTP
 * answering). Prints the figures; asserts nothing.
 *
 * <p>Run with {@code scripts/bench-idle-heap [counties (100)] [sites per county (200)]}: 100 × 200 sites of 5 devices
 * is the 100,000-device province of the performance issue.
 */
public final class IdleHeapHarness {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IdleHeapHarness() {
    }

    public static void main(String[] args) throws Exception {
        int counties = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int sitesPerCounty = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("kw-idle-heap-");
        Path province = dir.resolve("province.json");
        Files.writeString(province, ProvinceRegistry.json(counties, sitesPerCounty));
        int provinceDevices = RegistryLoader.load(province).devices().size();
        int demoDevices = RegistryLoader.sample().devices().size();
        Idle demo = measure(dir.resolve("demo"), List.of());
        Idle big = measure(dir.resolve("province"), List.of("--registry", province.toString()));
        System.out.printf("%-34s %8s %10s %16s%n", "node, idle", "devices", "start s", "heap after GC");
        System.out.printf("%-34s %,8d %10.1f %13.1f MB%n", "demo county (baseline)", demoDevices, demo.startSeconds(), demo.heapBytes() / 1e6);
        System.out.printf("%-34s %,8d %10.1f %13.1f MB%n", "generated province", provinceDevices, big.startSeconds(), big.heapBytes() / 1e6);
        System.out.printf("heap per idle registered device: %.0f bytes (province minus baseline, over %,d more devices)%n",
                (big.heapBytes() - demo.heapBytes()) / (provinceDevices - demoDevices), provinceDevices - demoDevices);
    }

    private record Idle(double startSeconds, double heapBytes) {
    }

    private static Idle measure(Path dataDir, List<String> args) throws Exception {
        try (NodeProcess node = new NodeProcess(dataDir, "2g", args)) {
            long start = System.nanoTime();
            node.start();
            double startSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(10_000); // timers armed, first sweeps done: the idle state
            for (int i = 0; i < 2; i++) {
                new ProcessBuilder("jcmd", String.valueOf(node.handle().pid()), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
            double heap = NodeMetrics.sum(HTTP, node.base(), "jvm_memory_used_bytes", "area=\"heap\"");
            return new Idle(startSeconds, heap);
        }
    }
}
