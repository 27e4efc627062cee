package io.testbed.plugins.cli;

import io.testbed.plugins.s3.SyncEntry;
import io.testbed.plugins.s3.SyncListener;
import io.testbed.plugins.s3.SyncPlan;
import io.testbed.plugins.s3.SyncResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders sync plans, progress and results: rclone's marks ({@code +} new, {@code *} changed,
 * {@code -} delete, {@code =} unchanged), a progress bar on a terminal, a one-line summary, and the
 * {@code --json} form. Reused by every command that syncs.
 */
public final class SyncRenderer {
  static final int MAX_FAILURES_SHOWN = 20;

  private final PrintWriter out;
  private final PrintWriter err;

  public SyncRenderer(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** Prints one line per path that changes ({@code showUnchanged}: also the unchanged ones). */
  public void plan(SyncPlan plan, boolean showUnchanged) {
    List<SyncEntry> all = new ArrayList<>(plan.transfers());
    all.addAll(plan.deletes());
    if (showUnchanged) {
      all.addAll(plan.unchanged());
    }
    all.sort(java.util.Comparator.comparing(SyncEntry::path));
    for (SyncEntry e : all) {
      out.println(e.change().mark() + " " + e.path() + "  (" + bytes(e.size()) + ")");
    }
  }

  /** The dry run's last line: what would happen. */
  public String planSummary(SyncPlan plan) {
    String verb = plan.direction() == SyncPlan.Direction.UPLOAD ? "upload" : "download";
    return String.format(
        Locale.ROOT,
        "dry run: would %s %d (%s: %d new, %d changed), delete %d, unchanged %d; %s -> %s",
        verb,
        plan.transfers().size(),
        bytes(plan.transferBytes()),
        plan.added().size(),
        plan.changed().size(),
        plan.deletes().size(),
        plan.unchanged().size(),
        plan.source(),
        plan.destination());
  }

  /** The run's last line; {@code elapsed} is the whole run (planning included). */
  public static String summary(SyncPlan plan, SyncResult result, java.time.Duration elapsed) {
    String verb = plan.direction() == SyncPlan.Direction.UPLOAD ? "uploaded" : "downloaded";
    return String.format(
        Locale.ROOT,
        "%s %d (%s), deleted %d, unchanged %d, failed %d, elapsed %.2fs",
        verb,
        result.transferred(),
        bytes(result.transferredBytes()),
        result.deleted(),
        result.unchanged(),
        result.failures().size(),
        elapsed.toMillis() / 1000.0);
  }

  /** Failures, then the summary. */
  public void result(
      SyncPlan plan, SyncResult result, boolean quiet, java.time.Duration elapsed) {
    List<SyncResult.Failure> failures = result.failures();
    for (int i = 0; i < Math.min(MAX_FAILURES_SHOWN, failures.size()); i++) {
      err.println("failed: " + failures.get(i).path() + ": " + failures.get(i).message());
    }
    if (failures.size() > MAX_FAILURES_SHOWN) {
      err.println("... and " + (failures.size() - MAX_FAILURES_SHOWN) + " more failures");
    }
    if (result.deletesSkipped()) {
      err.println(
          "not deleted: "
              + plan.deletes().size()
              + " files, because some transfers failed; fix the failures and run the sync again");
    }
    if (!quiet || !result.ok()) {
      (result.ok() ? out : err).println(summary(plan, result, elapsed));
    }
  }

  /** Warnings collected while scanning. */
  public void warnings(SyncPlan plan) {
    plan.warnings().forEach(w -> err.println("warning: " + w));
  }

  /** The {@code --json} document. */
  public static Map<String, Object> json(SyncPlan plan, SyncResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("direction", plan.direction().name().toLowerCase(Locale.ROOT));
    m.put("source", plan.source());
    m.put("destination", plan.destination());
    m.put("dryRun", result == null);
    m.put("new", plan.added().stream().map(SyncEntry::path).toList());
    m.put("changed", plan.changed().stream().map(SyncEntry::path).toList());
    m.put("delete", plan.deletes().stream().map(SyncEntry::path).toList());
    m.put("unchanged", plan.unchanged().size());
    m.put("transferBytes", plan.transferBytes());
    m.put("warnings", plan.warnings());
    if (result != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ok", result.ok());
      r.put("transferred", result.transferred());
      r.put("transferredBytes", result.transferredBytes());
      r.put("deleted", result.deleted());
      r.put("unchanged", result.unchanged());
      r.put("deletesSkipped", result.deletesSkipped());
      r.put(
          "failures",
          result.failures().stream()
              .map(f -> Map.of("path", f.path(), "message", f.message()))
              .toList());
      r.put("elapsedSeconds", result.elapsed().toMillis() / 1000.0);
      m.put("result", r);
    }
    return m;
  }

  /** A progress bar on {@code err}, redrawn at most every 100 ms, for terminals only. */
  public SyncListener progress(SyncPlan plan, boolean verbose) {
    return new Progress(plan, err, verbose);
  }

  /** Lists each file as it completes (-v without a terminal). */
  public SyncListener perFile() {
    return new SyncListener() {
      @Override
      public void transferred(SyncEntry entry) {
        synchronized (out) {
          out.println(entry.change().mark() + " " + entry.path());
        }
      }

      @Override
      public void deleted(SyncEntry entry) {
        synchronized (out) {
          out.println("- " + entry.path());
        }
      }
    };
  }

  private static final class Progress implements SyncListener {
    private final PrintWriter err;
    private final long totalFiles;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private final boolean verbose;
    private long files;
    private long bytes;
    private long lastDraw;

    Progress(SyncPlan plan, PrintWriter err, boolean verbose) {
      this.err = err;
      this.totalFiles = plan.transfers().size();
      this.totalBytes = plan.transferBytes();
      this.verbose = verbose;
    }

    @Override
    public synchronized void transferred(SyncEntry entry) {
      files++;
      bytes += entry.size();
      if (verbose) {
        err.print("\r\033[K");
        err.println(entry.change().mark() + " " + entry.path());
      }
      draw(files == totalFiles);
    }

    @Override
    public synchronized void failed(SyncEntry entry, String message) {
      files++;
      draw(files == totalFiles);
    }

    private void draw(boolean last) {
      long now = System.nanoTime();
      if (!last && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      double seconds = Math.max(0.001, (now - start) / 1e9);
      int width = 30;
      int filled = totalFiles == 0 ? width : (int) (width * files / totalFiles);
      err.print(
          String.format(
              Locale.ROOT,
              "\r\033[K[%s%s] %d/%d files, %s/%s, %s/s",
              "#".repeat(filled),
              ".".repeat(width - filled),
              files,
              totalFiles,
              SyncRenderer.bytes(bytes),
              SyncRenderer.bytes(totalBytes),
              SyncRenderer.bytes((long) (bytes / seconds))));
      if (last) {
        err.println();
      }
      err.flush();
    }
  }

  /** 1536 -> "1.5 KiB". */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    do {
      v /= 1024;
      u++;
    } while (v >= 1024 && u < units.length - 1);
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
