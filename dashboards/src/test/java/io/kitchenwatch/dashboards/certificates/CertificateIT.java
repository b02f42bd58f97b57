package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.analytics.runtime.AlertCodec;
import io.kitchenwatch.dashboards.fixtures.BothStores;
import io.kitchenwatch.devices.bus.BatchJudged;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates against real stores (QuestDB and InfluxDB 1.6.7): a compliant batch's certificate carries its curve as
 * stored and its frames, verifies, prints (PDF text extracted); changing a stored reading, the verdict row, a frame
 * or the signed record makes it "not verified" with the reason; a batch that is not compliant gets none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateIT {
    private static final String REGISTRY = """
            {"regions": [{"id": "tt", "name": "天台县"}],
             "organizations": [{"id": "org-plant", "name": "洁净消毒公司", "kind": "company"}, {"id": "org-sch", "name": "天台中学", "kind": "school"}],
             "sites": [
              {"id": "plant-1", "name": "洁净消毒中心", "kind": "disinfection_plant", "organization": "org-plant", "region": "tt",
               "devices": [{"id": "cab-1", "kind": "disinfection_cabinet", "settings": {"method": "hot_air"}},
                           {"id": "cam-line", "kind": "camera", "zone": "disinfection_line"}]},
              {"id": "sch-1", "name": "天台中学食堂", "kind": "school_canteen", "organization": "org-sch", "region": "tt",
               "devices": [{"id": "sch-1-cam", "kind": "camera", "zone": "cooking"}]}]}
            """;
    private final Registry registry = RegistryLoader.parse(REGISTRY, "certificate test");
    private BothStores stores;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        stores = new BothStores();
        dir = Files.createTempDirectory("kw-certificates-");
    }

    @AfterAll
    void stop() {
        if (stores != null) {
            stores.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BothStores.QUESTDB, BothStores.INFLUXDB})
    void aCompliantBatchIsCertifiedAndATamperedRecordIsNotVerified(String storeName) throws Exception {
        TimeSeriesStore store = stores.get(storeName);
        long start = 1_796_000_000_000L + storeName.length() * 86_400_000L;
        List<StorePoint> readings = new ArrayList<>();
        for (int i = 0; i <= 90; i++) {
            double temp = i < 20 ? 25 + 100 * i / 20.0 : 125;
            readings.add(reading(start + i * 10_000L, temp));
        }
        long end = start + 900_000;
        BatchVerdict verdict = new BatchVerdict("plant-1", "cab-1", "B-1", "hot_air", "temp_c", 120, start, end,
                Verdict.COMPLIANT, 125, 700, 600, 0, 0, 91, "sch-1");
        JsonObject verdictJson = AlertCodec.toJson(verdict);
        store.write(readings);
        store.write(List.of(verdictRow(verdict)));
        store.awaitWritesReadable(Duration.ofSeconds(30));

        Certificates certificates = new Certificates(registry, store, dir.resolve(storeName), Duration.ofDays(30), java.util.Optional.empty());
        byte[] jpeg = Files.readAllBytes(Path.of(getClass().getResource("/line-frame.jpg").toURI()));
        List<LineFrames.Kept> frames = List.of(new LineFrames.Kept("start", "cam-line", start + 5_000, jpeg),
                new LineFrames.Kept("hold", "cam-line", start + 205_000, jpeg), new LineFrames.Kept("end", "cam-line", end - 1_000, jpeg));
        Certificate issued = certificates.issuer().issue(verdictJson, frames);
        store.awaitWritesReadable(Duration.ofSeconds(30));

        Certificate stored = certificates.book().find(issued.id()).orElseThrow();
        assertEquals(issued, stored, "the certificate reads back as issued");
        assertEquals("sch-1", stored.deliverTo());
        JsonObject evidence = stored.evidenceJson();
        assertEquals(91, evidence.getJsonArray("curve").size(), "every reading of the batch is in the evidence");
        assertEquals(125.0, evidence.getJsonArray("curve").getJsonArray(50).getDouble(1));
        assertEquals(3, evidence.getJsonArray("frames").size());
        Verification fresh = certificates.verifier().verify(stored);
        assertTrue(fresh.verified(), fresh.toString());
        assertEquals(1, certificates.book().newest(Map.of("deliver_to", "sch-1"), start, end + 1, 10).size(), "the canteen finds it");

        String text;
        try (PDDocument doc = Loader.loadPDF(CertificateDocuments.pdf(stored, fresh, "https://kw.example/verify/" + stored.id(), certificates.framesDir()))) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
        }
        for (String expected : List.of("餐饮具消毒合格证明", stored.id(), "洁净消毒中心", "B-1", "合格compliant", "天台中学食堂(sch-1)",
                "11min40s", "要求required10min0s", stored.digest())) {
            assertTrue(text.contains(expected.replaceAll("\\s", "")), "the PDF has " + expected + ": " + text);
        }

        // someone lowers one stored reading of the hold
        store.write(List.of(reading(start + 500_000, 118.5)));
        store.awaitWritesReadable(Duration.ofSeconds(30));
        Verification tampered = certificates.verifier().verify(stored);
        assertFalse(tampered.verified());
        assertTrue(tampered.signatureValid(), "the signature itself is still the node's");
        assertTrue(tampered.problems().stream().anyMatch(p -> p.contains("118.5")), tampered.problems().toString());
        store.write(List.of(reading(start + 500_000, 125)));
        store.awaitWritesReadable(Duration.ofSeconds(30));
        assertTrue(certificates.verifier().verify(stored).verified(), "put back, it verifies again");

        // a reading that reaches the store late (between two signed ones) is noted; what was signed still holds
        store.write(List.of(reading(start + 505_000, 125)));
        store.awaitWritesReadable(Duration.ofSeconds(30));
        Verification late = certificates.verifier().verify(stored);
        assertTrue(late.verified(), late.toString());
        assertEquals(1, late.notes().size(), late.toString());

        // a changed frame, and a record whose evidence was edited after signing
        Files.write(certificates.verifier().framePath(stored.id(), "hold"), new byte[]{1, 2, 3});
        assertTrue(certificates.verifier().verify(stored).problems().contains("the hold frame differs from the one signed"));
        Files.write(certificates.verifier().framePath(stored.id(), "hold"), jpeg);
        Certificate edited = new Certificate(stored.id(), stored.site(), stored.device(), stored.deliverTo(),
                stored.evidence().replace("\"held_s\":700.0", "\"held_s\":900.0"), stored.digest(), stored.signature(),
                stored.keyId(), stored.issued(), stored.end());
        assertFalse(edited.evidence().equals(stored.evidence()), "the edit took");
        Verification forged = certificates.verifier().verify(edited);
        assertFalse(forged.signatureValid());
        assertFalse(forged.verified());

        // the verdict row rewritten as if the batch had held longer
        BatchVerdict better = new BatchVerdict("plant-1", "cab-1", "B-1", "hot_air", "temp_c", 120, start, end,
                Verdict.COMPLIANT, 125, 800, 600, 0, 0, 91, "sch-1");
        store.write(List.of(verdictRow(better)));
        store.awaitWritesReadable(Duration.ofSeconds(30));
        Verification rewritten = certificates.verifier().verify(stored);
        assertFalse(rewritten.verified());
        assertTrue(rewritten.problems().stream().anyMatch(p -> p.contains("held_s")), rewritten.problems().toString());

        // a non-compliant batch gets no certificate
        BatchVerdict failed = new BatchVerdict("plant-1", "cab-1", "B-2", "hot_air", "temp_c", 120, end + 60_000, end + 960_000,
                Verdict.NON_COMPLIANT, 112, 0, 600, 0, 0, 91, "sch-1");
        certificates.issuer().onVerdict(new BatchJudged("plant-1", "cab-1", "non_compliant", AlertCodec.toJson(failed)));
        certificates.close();
        assertTrue(certificates.book().find(Certificate.idOf("cab-1", "B-2", end + 60_000, end + 960_000)).isEmpty());
    }

    private static StorePoint reading(long ts, double temp) {
        return new StorePoint(TimeSeriesStore.TELEMETRY, Map.of("site", "plant-1", "device", "cab-1", "kind", "disinfection_cabinet",
                "registered", "true"), Map.of("temp_c", temp, "running", 1.0, "door_open", 0.0), ts);
    }

    @ParameterizedTest
    @ValueSource(strings = {BothStores.QUESTDB, BothStores.INFLUXDB})
    void theStartsCatchUpCertifiesEveryCompliantBatchWithoutOneOnce(String storeName) throws Exception {
        TimeSeriesStore store = stores.get(storeName);
        long day = 1_797_000_000_000L + storeName.length() * 86_400_000L;
        List<BatchVerdict> compliant = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            compliant.add(new BatchVerdict("plant-1", "cab-1", "C-" + i, "hot_air", "temp_c", 120, day + i * 3_600_000L,
                    day + i * 3_600_000L + 900_000, Verdict.COMPLIANT, 125, 700, 600, 0, 0, 91, "sch-1"));
        }
        BatchVerdict failed = new BatchVerdict("plant-1", "cab-1", "C-F", "hot_air", "temp_c", 120, day + 5 * 3_600_000L,
                day + 5 * 3_600_000L + 900_000, Verdict.NON_COMPLIANT, 112, 0, 600, 0, 0, 91, "sch-1");
        List<StorePoint> rows = new ArrayList<>(compliant.stream().map(CertificateIT::verdictRow).toList());
        rows.add(verdictRow(failed));
        store.write(rows);
        store.awaitWritesReadable(Duration.ofSeconds(30));

        try (Certificates certificates = new Certificates(registry, store, dir.resolve(storeName + "-catch-up"), Duration.ofDays(30),
                java.util.Optional.empty())) {
            certificates.issuer().catchUp(day, day + 86_400_000L);
            certificates.issuer().catchUp(day, day + 86_400_000L); // a second start: nothing twice
            List<Certificate> issued = io.kitchenwatch.ingest.fixtures.Eventually.await(Duration.ofSeconds(30), () -> {
                store.awaitWritesReadable(Duration.ofSeconds(30));
                return certificates.book().newest(Map.of("deliver_to", "sch-1"), day, day + 86_400_000L, 100);
            }, list -> list.size() >= 3);
            Thread.sleep(500);
            store.awaitWritesReadable(Duration.ofSeconds(30));
            issued = certificates.book().newest(Map.of("deliver_to", "sch-1"), day, day + 86_400_000L, 100);
            assertEquals(3, issued.size(), "one for each compliant batch, none for the failed one: " + issued);
            assertEquals(3, issued.stream().map(Certificate::id).distinct().count());
            assertEquals(List.of(compliant.get(0).end(), compliant.get(1).end(), compliant.get(2).end()),
                    issued.stream().map(Certificate::end).sorted().toList());
        }
    }

    private static StorePoint verdictRow(BatchVerdict v) {
        return new StorePoint(TimeSeriesStore.BATCHES, Map.of("site", v.site(), "device", v.device(), "verdict", v.verdict().wireName()),
                Map.of(TimeSeriesStore.PAYLOAD, AlertCodec.toJson(v).encode(), "batch", v.batch()), v.end());
    }
}
