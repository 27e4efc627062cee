package io.testbed.plugins.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of an S3 server that injects faults into a given share of
 * requests, chosen by a seeded random generator: 500 and 503 responses, 503 {@code SlowDown},
 * connections reset while the request body is being sent, added latency, and responses cut off
 * after the request was executed. Independent of JUnit.
 *
 * <p>A request with {@code Expect: 100-continue} is answered with {@code 100 Continue} at once,
 * before its body is read, as MinIO, Ceph RGW and moto_server do; then the body is forwarded
 * without the {@code Expect} header. {@link #continuing(URI)} is such a server without faults.
 */
public final class FaultProxy implements AutoCloseable {
  /** The kinds of fault. */
  public enum Fault {
    INTERNAL_ERROR,
    SERVICE_UNAVAILABLE,
    SLOW_DOWN,
    RESET_MID_BODY,
    LATENCY,
    TRUNCATED_RESPONSE
  }

  private final URI upstream;
  private final double rate;
  private final Random random;
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicLong> methodCounts = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong continues = new AtomicLong();
  private final List<String> payloadHashes = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile double currentRate;
  private final java.util.Set<String> methods;
  private volatile Fault only;
  private volatile boolean refusing;
  private volatile String delayedMethod;
  private volatile long delayMillis;

  private FaultProxy(URI upstream, double rate, long seed, java.util.Set<String> methods)
      throws IOException {
    this.methods = methods;
    this.upstream = upstream;
    this.rate = rate;
    this.currentRate = rate;
    this.random = new Random(seed);
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicLong());
    }
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    pool.submit(this::acceptLoop);
  }

  /** Starts a proxy to {@code upstream} faulting {@code rate} (0..1) of the requests. */
  public static FaultProxy start(URI upstream, double rate, long seed) {
    return start(upstream, rate, seed, new String[0]);
  }

  /** As {@link #start(URI, double, long)}, faulting only requests with these HTTP methods. */
  public static FaultProxy start(URI upstream, double rate, long seed, String... methods) {
    try {
      return new FaultProxy(upstream, rate, seed, java.util.Set.of(methods));
    } catch (IOException e) {
      throw new IllegalStateException("could not start the fault proxy", e);
    }
  }

  /**
   * A proxy that injects no fault and answers {@code Expect: 100-continue} with an immediate
   * {@code 100 Continue}, then forwards the body.
   */
  public static FaultProxy continuing(URI upstream) {
    return start(upstream, 0, 0);
  }

  /**
   * A proxy that answers every request with one of these HTTP methods with a 500, on every
   * attempt: the requests can never succeed through it, whatever the retry budget.
   */
  public static FaultProxy failing(URI upstream, String... methods) {
    FaultProxy proxy = start(upstream, 1, 0, methods);
    proxy.only = Fault.INTERNAL_ERROR;
    return proxy;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * Answers every request from now on (or no longer) with a 403 {@code ExpiredToken}, as S3 does
   * for credentials that have expired.
   */
  public void refuseCredentials(boolean refuse) {
    refusing = refuse;
  }

  /** Holds every request with this HTTP method for {@code millis} before forwarding it (0: off). */
  public void delay(String method, long millis) {
    delayedMethod = method;
    delayMillis = millis;
  }

  /** Requests with this HTTP method seen so far. */
  public long requests(String method) {
    return methodCounts.computeIfAbsent(method, m -> new AtomicLong()).get();
  }

  /** Turns faults off (0) or back on at the configured rate. */
  public void faultRate(double newRate) {
    currentRate = newRate;
  }

  public double configuredRate() {
    return rate;
  }

  public long requests() {
    return requests.get();
  }

  /** How many {@code 100 Continue} interim responses were sent. */
  public long continues() {
    return continues.get();
  }

  /** The {@code x-amz-content-sha256} of every request with a body (PUT, POST), in order. */
  public List<String> payloadHashes() {
    return List.copyOf(payloadHashes);
  }

  public long injected(Fault fault) {
    return injected.get(fault).get();
  }

  public long injectedTotal() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  private synchronized Fault draw() {
    if (random.nextDouble() >= currentRate) {
      return null;
    }
    return only != null ? only : Fault.values()[random.nextInt(Fault.values().length)];
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client;
        Socket up = new Socket()) {
      up.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5000);
      InputStream cin = new BufferedInputStream(client.getInputStream());
      OutputStream cout = client.getOutputStream();
      InputStream uin = new BufferedInputStream(up.getInputStream());
      OutputStream uout = up.getOutputStream();
      while (true) {
        Head request = Head.read(cin);
        if (request == null) {
          return;
        }
        requests.incrementAndGet();
        methodCounts.computeIfAbsent(request.method(), m -> new AtomicLong()).incrementAndGet();
        if (request.method().equals("PUT") || request.method().equals("POST")) {
          payloadHashes.add(String.valueOf(request.header("x-amz-content-sha256")));
        }
        Fault fault = methods.isEmpty() || methods.contains(request.method()) ? draw() : null;
        if (fault != null) {
          injected.get(fault).incrementAndGet();
        }
        if (request.header("expect") != null) {
          request.remove("expect");
          cout.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          cout.flush();
          continues.incrementAndGet();
        }
        if (fault == Fault.RESET_MID_BODY) {
          long length = request.contentLength();
          if (length > 1) {
            cin.readNBytes((int) (length / 2));
          }
          client.setSoLinger(true, 0);
          return;
        }
        byte[] body = request.readBody(cin, false);
        if (refusing) {
          respond(cout, 403, "ExpiredToken", "The provided token has expired.");
          continue;
        }
        if (fault == Fault.INTERNAL_ERROR
            || fault == Fault.SERVICE_UNAVAILABLE
            || fault == Fault.SLOW_DOWN) {
          error(cout, fault);
          continue;
        }
        if (request.method().equals(delayedMethod) && delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        if (fault == Fault.LATENCY) {
          Thread.sleep(50 + random.nextInt(150));
        }
        uout.write(request.bytes());
        uout.write(body);
        uout.flush();
        Head response = Head.read(uin);
        if (response == null) {
          return;
        }
        boolean noBody =
            request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
        byte[] responseBody = noBody ? new byte[0] : response.readBody(uin, true);
        byte[] all = concat(response.bytes(), responseBody);
        if (fault == Fault.TRUNCATED_RESPONSE) {
          cout.write(all, 0, all.length / 2);
          cout.flush();
          client.setSoLinger(true, 0);
          return;
        }
        cout.write(all);
        cout.flush();
        if ("close".equalsIgnoreCase(response.header("connection"))) {
          return;
        }
      }
    } catch (IOException e) {
      // the client or server went away: nothing to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void error(OutputStream out, Fault fault) throws IOException {
    int status = fault == Fault.INTERNAL_ERROR ? 500 : 503;
    String code =
        switch (fault) {
          case INTERNAL_ERROR -> "InternalError";
          case SLOW_DOWN -> "SlowDown";
          default -> "ServiceUnavailable";
        };
    respond(out, status, code, "injected fault");
  }

  private static void respond(OutputStream out, int status, String code, String message)
      throws IOException {
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                + "</Code><Message>" + message + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 " + status + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + xml.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(xml);
    out.flush();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    pool.shutdownNow();
  }

  /** A request or response head: start line and headers. */
  private static final class Head {
    private final String startLine;
    private final List<String[]> headers;

    private Head(String startLine, List<String[]> headers) {
      this.startLine = startLine;
      this.headers = headers;
    }

    static Head read(InputStream in) throws IOException {
      String start = line(in);
      if (start == null) {
        return null;
      }
      while (start.isEmpty()) {
        start = line(in);
        if (start == null) {
          return null;
        }
      }
      List<String[]> headers = new ArrayList<>();
      for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
      }
      return new Head(start, headers);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          String s = buf.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        buf.write(c);
      }
      return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    String method() {
      return startLine.substring(0, startLine.indexOf(' '));
    }

    int status() {
      return Integer.parseInt(startLine.split(" ")[1]);
    }

    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    void remove(String name) {
      headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    }

    long contentLength() {
      String v = header("content-length");
      return v == null ? -1 : Long.parseLong(v);
    }

    byte[] readBody(InputStream in, boolean untilCloseIfUnknown) throws IOException {
      long length = contentLength();
      if (length >= 0) {
        return in.readNBytes((int) length);
      }
      String te = header("transfer-encoding");
      if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
          String size = line(in);
          raw.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          int n = Integer.parseInt(size.split(";")[0].trim(), 16);
          if (n == 0) {
            for (String l = line(in); l != null; l = line(in)) {
              raw.writeBytes((l + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
              if (l.isEmpty()) {
                break;
              }
            }
            return raw.toByteArray();
          }
          raw.writeBytes(in.readNBytes(n));
          raw.writeBytes(in.readNBytes(2));
        }
      }
      return untilCloseIfUnknown ? in.readAllBytes() : new byte[0];
    }

    byte[] bytes() {
      StringBuilder sb = new StringBuilder(startLine).append("\r\n");
      for (String[] h : headers) {
        sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
  }
}
