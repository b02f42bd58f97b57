package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.dashboards.fixtures.BothStores;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scripted month (November 2026) stored in a real QuestDB and a real InfluxDB 1.6.7, reported on: every figure of
 * the report against the answer worked out by hand, the same from both stores; the CSV and the PDF (text extracted
 * with PDFBox) carry them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportMonthIT {
    private final Registry registry = ScriptedMonth.registry();
    private BothStores stores;

    @BeforeAll
    void storeTheMonth() throws Exception {
        stores = new BothStores();
        for (TimeSeriesStore store : stores.all()) {
            store.write(ScriptedMonth.points());
            store.awaitWritesReadable(Duration.ofSeconds(30));
        }
    }

    @AfterAll
    void stop() {
        if (stores != null) {
            stores.close();
        }
    }

    private Report report(String storeName, ReportScope scope) throws Exception {
        FactsGatherer gatherer = new FactsGatherer(registry, stores.get(storeName));
        List<SiteFacts> facts = new ArrayList<>();
        for (Site s : scope.sites()) {
            facts.add(gatherer.gather(s, ScriptedMonth.NOVEMBER.from(), ScriptedMonth.NOVEMBER.to(), true));
        }
        return ReportBuilder.build(scope, ScriptedMonth.NOVEMBER, facts, ScriptedMonth.alerts(), ScriptedMonth.at(31, 9));
    }

    private ReportScope county() {
        return new ReportScope("region", "tt", "天台县", registry.sitesIn("tt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"questdb", "influxdb"})
    void theCountysMonthHasTheScriptedFigures(String storeName) throws Exception {
        Report r = report(storeName, county());

        Table kpis = r.table("kpis");
        assertEquals(List.of("sunshine_kitchen_coverage", "video_intact_rate", "disinfection_pass_rate", "oil_separator_monitored",
                "food_waste_disposal_rate", "closed_loop"), kpis.rows().stream().map(row -> row.get(0)).toList());
        assertKpi(kpis, "sunshine_kitchen_coverage", 0.0, 0, 1, "no");
        assertKpi(kpis, "video_intact_rate", 50.0, 500, 1000, "no");
        assertKpi(kpis, "disinfection_pass_rate", 92.1, 58, 63, "no");
        assertKpi(kpis, "oil_separator_monitored", 100.0, 1, 1, null);
        assertKpi(kpis, "food_waste_disposal_rate", 50.0, 1, 2, "no");
        assertKpi(kpis, "closed_loop", 75.0, 3, 4, "no");

        Table plants = r.table("batches_by_plant");
        assertEquals(List.of(List.of("plant-1", "洁净消毒中心", "hot_air", 33L, 30L, 3L, 0L, 0L, 90.9),
                List.of("plant-1", "洁净消毒中心", "steam", 30L, 28L, 0L, 1L, 1L, 93.3)), plants.rows());
        assertEquals(63, r.table("batches").rows().size());

        Table waste = r.table("waste_collection");
        assertEquals(List.of("sch-1", "天台中学食堂", 1L, 29, 1450.0, 48.0, 1L, "no"), waste.row("sch-1"));
        assertEquals(List.of("rest-1", "国清饭店后厨", 1L, 30, 600.0, 24.0, 0L, "yes"), waste.row("rest-1"));
        assertEquals(59, r.table("waste_ledger").rows().size());

        assertEquals(List.of("rest-1", "sep-1", 1, "2026-11-10 15:00", 0L, 1L, 0L, 0L), r.table("separators").row("rest-1"));

        Table cameras = r.table("cameras");
        assertEquals(Map.of("cam-line", 50.0, "cam-raw", 100.0, "cam-cook", 97.2, "cam-dish", 83.3),
                Map.of(cameras.cell(0, "device"), cameras.cell(0, "healthy_pct"), cameras.cell(1, "device"), cameras.cell(1, "healthy_pct"),
                        cameras.cell(2, "device"), cameras.cell(2, "healthy_pct"), cameras.cell(3, "device"), cameras.cell(3, "healthy_pct")));

        Table alerts = r.table("alerts");
        assertEquals(List.of("disinfection_cycle_noncompliant", "critical", 3L, 2L, 1L, 14.0, 24.0), alerts.row("disinfection_cycle_noncompliant"));
        assertEquals(List.of("grease_level_alarm", "major", 0L, 1L, 0L, 72.0, 72.0), alerts.row("grease_level_alarm"));
        assertEquals(List.of("waste_collection_overdue", "major", 1L, 1L, 0L, 26.0, 26.0), alerts.row("waste_collection_overdue"));
        assertEquals(List.of("all", "", 4L, 4L, 1L, 25.0, 72.0), alerts.row("all"));
        assertEquals(4, alerts.rows().size(), "the camera alert closed in October is not in November's report");
    }

    @ParameterizedTest
    @ValueSource(strings = {"questdb", "influxdb"})
    void aPeriodBeforeAnythingArrivedSaysNoDataInsteadOfPassingOrFailing(String storeName) throws Exception {
        ReportPeriod september = ReportPeriod.containing("month", LocalDate.of(2026, 9, 1), ReportPeriod.DEFAULT_ZONE);
        FactsGatherer gatherer = new FactsGatherer(registry, stores.get(storeName));
        List<SiteFacts> facts = new ArrayList<>();
        for (Site s : county().sites()) {
            facts.add(gatherer.gather(s, september.from(), september.to(), true));
        }
        Report r = ReportBuilder.build(county(), september, facts, ScriptedMonth.alerts(), ScriptedMonth.at(31, 9));
        Table kpis = r.table("kpis");
        for (int i = 0; i < kpis.rows().size(); i++) {
            assertEquals(null, kpis.cell(i, "value_pct"), kpis.rows().get(i).toString());
            assertEquals("no data", kpis.cell(i, "meets_target"), kpis.rows().get(i).toString());
            assertTrue(kpis.cell(i, "no_data") instanceof String reason && !reason.isBlank(), kpis.rows().get(i).toString());
        }
        Table cameras = r.table("cameras");
        for (int i = 0; i < cameras.rows().size(); i++) {
            assertEquals("no frames", cameras.cell(i, "healthy_95pct"));
        }
    }

    @Test
    void anOrganizationsReportHasOnlyItsSites() throws Exception {
        ReportScope school = new ReportScope("organization", "org-sch", "天台中学",
                registry.sites().stream().filter(s -> s.organization().equals("org-sch")).toList());
        Report r = report("questdb", school);
        assertEquals(List.of(), r.table("batches").rows());
        assertEquals(29, r.table("waste_ledger").rows().size());
        assertEquals(List.of("all", "", 1L, 1L, 0L, 26.0, 26.0), r.table("alerts").row("all"));
        assertEquals(3, r.table("cameras").rows().size());
    }

    @Test
    void theCsvZipHasOneFilePerTableWithTheFigures() throws Exception {
        Report r = report("questdb", county());
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(CsvZip.render(r)), StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        List<String> expected = new ArrayList<>(List.of("summary.csv"));
        r.tables().forEach(t -> expected.add(t.id() + ".csv"));
        assertEquals(expected.stream().sorted().toList(), files.keySet().stream().sorted().toList());
        String plants = files.get("batches_by_plant.csv");
        assertTrue(plants.startsWith("\uFEFFsite,site_name,method,batches,compliant,non_compliant,unverifiable,abandoned,pass_rate_pct\r\n"), plants);
        assertTrue(plants.contains("plant-1,洁净消毒中心,hot_air,33,30,3,0,0,90.9\r\n"), plants);
        assertTrue(files.get("kpis.csv").contains("disinfection_pass_rate,监测总体合格率 Disinfection monitoring pass rate,92.1,58,63,95,no"), files.get("kpis.csv"));
        assertTrue(files.get("summary.csv").contains("period,2026-11-01 – 2026-11-30"), files.get("summary.csv"));
    }

    @Test
    void thePdfCarriesTheFiguresInChinese() throws Exception {
        Report r = report("influxdb", county());
        byte[] pdf = PdfReport.render(r);
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "report-month.pdf"), pdf);
        String compact = text.replaceAll("\\s", "");
        for (String expected : List.of("食品安全监管报告", "天台县 (tt)", "2026-11-01 – 2026-11-30", "监测总体合格率", "洁净消毒中心",
                "92.1", "90.9", "93.3", "国清饭店后厨", "1450", "disinfection_cycle_noncompliant", "72")) {
            // a table cell wraps long words, so compare without white space
            assertTrue(compact.contains(expected.replaceAll("\\s", "")), "the PDF's text has " + expected + ":\n" + text);
        }
        String html = HtmlReport.render(r);
        assertTrue(html.contains("<td>洁净消毒中心</td>") && html.contains("data:image/png;base64,"), "the printable page has the table and charts");
    }

    private static void assertKpi(Table kpis, String id, Double value, long numerator, long denominator, String meets) {
        List<Object> row = kpis.row(id);
        assertEquals(value, row.get(2), id + " value");
        assertEquals(numerator, row.get(3), id + " numerator");
        assertEquals(denominator, row.get(4), id + " denominator");
        assertEquals(meets, row.get(6), id + " meets target");
    }
}
