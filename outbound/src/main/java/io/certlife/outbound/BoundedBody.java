package io.certlife.outbound;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An answer's body read within a deadline and a size, for {@code HttpClient.send}: at most {@code limit} bytes are
 * kept, and the exchange ends (its connection closed) as soon as the body is longer, or when it has not ended by the
 * deadline ({@link HttpTimeoutException}). The request's own timeout bounds the wait for the answer's headers; this
 * bounds the body, so that an endpoint that dribbles or streams forever costs one timeout, never a stuck thread or the
 * heap. (Bounding a {@code sendAsync} future instead costs a thread per request on a machine of two cores or fewer: the
 * JDK client completes that future on the common pool's default executor, a new thread per task there.)
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Read> {

    /** The body's first bytes (at most the limit), and whether it was longer. */
    public record Read(byte[] bytes, boolean truncated) {
    }

    /** A body handler keeping at most {@code limit} bytes of any answer, whose body must end by {@code deadline}. */
    public static HttpResponse.BodyHandler<Read> handler(int limit, Instant deadline) {
        return info -> new BoundedBody(limit, deadline);
    }

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Read> read = new CompletableFuture<>();
    private final CompletionStage<Read> body;
    private volatile Flow.Subscription subscription;

    private BoundedBody(int limit, Instant deadline) {
        this.limit = limit;
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        // orTimeout's timer is dropped when the body ends first
        body = read.orTimeout(left, TimeUnit.MILLISECONDS).handle((done, failure) -> {
            if (failure == null) {
                return done;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                cancel();
                throw new CompletionException(new HttpTimeoutException("the answer's body did not end within the timeout"));
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        });
    }

    @Override
    public CompletionStage<Read> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (read.isDone()) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int room = limit - kept.size();
            int take = Math.min(room, buffer.remaining());
            byte[] bytes = new byte[take];
            buffer.get(bytes);
            kept.write(bytes, 0, take);
            if (buffer.hasRemaining()) {
                cancel();
                read.complete(new Read(kept.toByteArray(), true));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        read.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        read.complete(new Read(kept.toByteArray(), false));
    }

    private void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
