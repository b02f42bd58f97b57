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
        store = new QuestDbStore(questDb.url());
        store.createTables();
    }

    @AfterAll
    static void stop() {
        store.close();
        questDb.close();
    }

    @Override
    TimeSeriesStore store() {
        return store;
    }
}
