package io.testbed.plugins.cli;

import io.testbed.plugins.s3.SyncEntry;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import io.testbed.plugins.s3.watch.WatchBatch;
import io.testbed.plugins.s3.watch.WatchListener;
import io.testbed.plugins.s3.watch.WatchNotice;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code --watch} prints: one line per batch (the time, what was sent and deleted, and how
 * long after the first event), or with {@code --json} one JSON object per line (JSON Lines, the
 * first one the initial sync); {@code -v} adds each file. Notices (waiting for S3, the source
 * gone) are said once, on stderr, or as {@code "event": "notice"} objects.
 */
final class WatchRenderer implements WatchListener {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final PrintWriter out;
  private final PrintWriter err;
  private final SyncRenderer files;
  private final boolean json;
  private final boolean verbose;
  private final boolean quiet;
  private final String label;

  /** {@code label}: the collection, when several are watched at once (else null). */
  WatchRenderer(PrintWriter out, PrintWriter err, boolean json, boolean verbose, boolean quiet,
      String label) {
    this.out = out;
    this.err = err;
    this.files = new SyncRenderer(out, err);
    this.json = json;
    this.verbose = verbose;
    this.quiet = quiet;
    this.label = label;
  }

  @Override
  public SyncListener files(SyncPlan plan) {
    return verbose && !json ? files.perFile() : SyncListener.NONE;
  }

  @Override
  public void batch(WatchBatch batch) {
    SyncResult r = batch.result();
    synchronized (out) {
      if (json) {
        out.println(Json.write(json(batch)));
      } else {
        for (SyncResult.Failure f : r.failures()) {
          err.println("failed: " + f.path() + ": " + f.message());
        }
        if (!quiet || !r.ok()) {
          out.println(line(batch));
        }
      }
      out.flush();
      err.flush();
    }
  }

  @Override
  public void notice(WatchNotice notice) {
    synchronized (out) {
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "notice");
        m.put("time", java.time.Instant.now().toString());
        if (label != null) {
          m.put("collection", label);
        }
        m.put("kind", notice.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("message", notice.message());
        out.println(Json.write(m));
      } else if (!quiet || notice.kind() != WatchNotice.Kind.WATCHING) {
        err.println(TIME.format(java.time.Instant.now()) + " " + prefix() + notice.message());
      }
      out.flush();
      err.flush();
    }
  }

  String line(WatchBatch batch) {
    SyncResult r = batch.result();
    String what = switch (batch.kind()) {
      case INITIAL -> "initial sync: ";
      case CHANGES -> "";
      case RESCAN -> "rescan: ";
      case RECONCILE -> "reconciled: ";
      case POLL -> "poll: ";
    };
    StringBuilder s = new StringBuilder(TIME.format(batch.time())).append(' ').append(prefix())
        .append(what).append(String.format(Locale.ROOT, "sent %d (%s), deleted %d",
            r.transferred(), SyncRenderer.bytes(r.transferredBytes()), r.deleted()));
    if (!r.failures().isEmpty()) {
      s.append(", failed ").append(r.failures().size());
    }
    if (r.deletesSkipped()) {
      s.append(", deletes held back");
    }
    if (batch.kind() == WatchBatch.Kind.INITIAL) {
      s.append(", unchanged ").append(r.unchanged());
    }
    if (batch.latency() != null) {
      s.append(String.format(Locale.ROOT, "; %d ms after the first change", batch.latency().toMillis()));
    } else {
      s.append(String.format(Locale.ROOT, "; %.2fs", r.elapsed().toMillis() / 1000.0));
    }
    return s.toString();
  }

  private String prefix() {
    return label == null ? "" : label + ": ";
  }

  Map<String, Object> json(WatchBatch batch) {
    SyncPlan plan = batch.plan();
    SyncResult r = batch.result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", batch.kind().name().toLowerCase(Locale.ROOT));
    m.put("time", batch.time().toString());
    if (label != null) {
      m.put("collection", label);
    }
    m.put("source", plan.source());
    m.put("destination", plan.destination());
    m.put("ok", r.ok());
    m.put("sent", r.transferred());
    m.put("sentBytes", r.transferredBytes());
    m.put("deleted", r.deleted());
    m.put("failed", r.failures().size());
    m.put("deletesSkipped", r.deletesSkipped());
    m.put("latencyMs", batch.latency() == null ? null : batch.latency().toMillis());
    m.put("events", batch.events());
    m.put("new", plan.added().stream().map(SyncEntry::path).toList());
    m.put("changed", plan.changed().stream().map(SyncEntry::path).toList());
    m.put("delete", plan.deletes().stream().map(SyncEntry::path).toList());
    m.put("failures", r.failures().stream()
        .map(f -> Map.of("path", f.path(), "message", f.message())).toList());
    m.put("elapsedSeconds", r.elapsed().toMillis() / 1000.0);
    return m;
  }
}
