package io.kitchenwatch.dashboards.certificates;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where showing a certificate does its blocking work (store reads, hashing frames, drawing the curve): a small pool of
 * its own, so that anyone holding a certificate's link (the verification page needs no login) cannot take the shared
 * workers ingest and analytics run on. At most {@value #MAX_IN_FLIGHT} wait or run; the next is refused as busy.
 */
public final class CertificateWork implements AutoCloseable {
    static final int THREADS = 2;
    static final int MAX_IN_FLIGHT = 32;
    private final WorkerExecutor executor;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Thrown (as the failed future's cause) when {@value #MAX_IN_FLIGHT} are already under way. */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super("too many certificates are being checked right now; try again in a few seconds");
        }
    }

    public CertificateWork(Vertx vertx) {
        this.executor = vertx.createSharedWorkerExecutor("kw-certificates", THREADS);
    }

    public <T> Future<T> submit(Callable<T> work) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return Future.failedFuture(new BusyException());
        }
        return executor.executeBlocking(work, false).andThen(done -> inFlight.decrementAndGet());
    }

    @Override
    public void close() {
        executor.close();
    }
}
