package io.kitchenwatch.ingest.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class QuestDbStoreIT extends TimeSeriesStoreContract {
    @TempDir
    static Path dir;
    static EmbeddedQuestDb questDb;
    static QuestDbStore store;

    @BeforeAll
    static void start() throws Exception {
        questDb = EmbeddedQuestDb.start(dir.resolve("questdb"), 0);
        store = new QuestDbStore(questDb);
        store.createTables();
    }

    @AfterAll
    static void stop() {
        store.close();
        questDb.close();
    }

    @org.junit.jupiter.api.Test
    void theEmbeddedQuestDbAnswersOnlyItsLogin() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI tables = java.net.URI.create(questDb.url() + "/exec?query=tables()");
        java.net.http.HttpResponse<String> anonymous = http.send(java.net.http.HttpRequest.newBuilder(tables).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(401, anonymous.statusCode(), anonymous.body());
        java.net.http.HttpResponse<String> wrong = http.send(java.net.http.HttpRequest.newBuilder(tables)
                .header("Authorization", new QuestDbLogin("admin", "quest").authorizationHeader()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(401, wrong.statusCode(), "QuestDB's default password works");
        org.junit.jupiter.api.Assertions.assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(EmbeddedQuestDb.passwordFile(dir.resolve("questdb")))));
    }

    @Override
    TimeSeriesStore store() {
        return store;
    }
}
