package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryChanges;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryCsvTest {
    @Test
    void readsCsvAsSpreadsheetsSaveIt() {
        List<CsvRows.Row> rows = CsvRows.parse("\uFEFFid,name\r\na,\"天台, \"\"新\"\"\nsecond line\"\r\n\r\nb,x\n");
        assertEquals(3, rows.size());
        assertEquals(List.of("a", "天台, \"新\"\nsecond line"), rows.get(1).cells());
        assertEquals(2, rows.get(1).line());
        assertEquals(5, rows.get(2).line(), "the row after a two-line cell and a blank line");
    }

    @Test
    void everyTypeExportsAndImportsBackToTheSameRegistry() {
        Registry sample = RegistryLoader.sample();
        JsonArray changes = new JsonArray();
        for (String type : List.of("region", "organization", "site", "device")) {
            RegistryCsv.Read read = RegistryCsv.read(type, RegistryCsv.export(sample.document(), type));
            assertEquals(List.of(), read.problems(), type);
            changes.addAll(read.changes());
        }
        RegistryChanges.Outcome outcome = RegistryChanges.apply(sample, changes);
        assertTrue(outcome.ok(), outcome.problems().toString());
        assertTrue(sorted(sample.document()).equals(sorted(outcome.registry().document())), "the round trip changed the registry");
    }

    /** The document with its items sorted by id, as a round trip through puts leaves them in another order. */
    private static JsonObject sorted(JsonObject document) {
        JsonObject copy = document.copy();
        for (String key : List.of("regions", "organizations", "sites")) {
            List<Object> items = new java.util.ArrayList<>(copy.getJsonArray(key).getList());
            items.sort(java.util.Comparator.comparing(o -> String.valueOf(JsonObject.mapFrom(o).getValue("id"))));
            copy.put(key, new JsonArray(items));
        }
        return copy;
    }

    @Test
    void aRowThatCannotBeAFieldIsPlacedAtItsLineAndColumn() {
        String csv = "id,site,kind,zone,interval_s,settings\nbin-9,sch-01,waste_bin,,often,\ncab-9,sch-01,disinfection_cabinet,,10,{method\n";
        RegistryCsv.Read read = RegistryCsv.read("device", csv);
        assertEquals(List.of(
                RegistryCsv.problem("interval_s 'often' is not a number of seconds", 2, "interval_s"),
                RegistryCsv.problem("settings must be a JSON object such as {\"method\": \"hot_air\"}, found {method", 3, "settings")), read.problems());
    }

    @Test
    void anUnknownColumnOrAMissingIdIsRefusedBeforeAnyRow() {
        RegistryCsv.Read read = RegistryCsv.read("site", "name,colour\nx,red\n");
        assertEquals(2, read.problems().size(), read.problems().toString());
        assertEquals("colour", read.problems().get(0).getString("column"));
    }

    @Test
    void aFileSavedAgainByAChineseSpreadsheetInGbkReadsAsItsText() {
        String csv = "id,name,kind\r\norg-9,天台县第九中学,school\r\n";
        assertEquals(csv, RegistryCsv.text(csv.getBytes(java.nio.charset.Charset.forName("GBK"))));
        assertEquals("\uFEFF" + csv, RegistryCsv.text(("\uFEFF" + csv).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aRetireRowRetires() {
        RegistryCsv.Read read = RegistryCsv.read("device", "op,id\nretire,sch-01-bin-1\n");
        assertEquals(new JsonObject().put("op", "retire").put("type", "device").put("id", "sch-01-bin-1"), read.changes().getJsonObject(0));
    }

    @Test
    void formulaProtectionOfAnExportIsUndoneOnImport() {
        JsonObject doc = new JsonObject().put("organizations", new JsonArray().add(new JsonObject().put("id", "o1").put("name", "=cmd").put("kind", "school")));
        String csv = RegistryCsv.export(doc, "organization");
        assertTrue(csv.contains("'=cmd"), csv);
        assertEquals("=cmd", RegistryCsv.read("organization", csv).changes().getJsonObject(0).getJsonObject("value").getString("name"));
    }
}
