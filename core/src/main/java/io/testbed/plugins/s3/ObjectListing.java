package io.testbed.plugins.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.utils.DateUtils;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * ListObjectsV2, one page at a time. Over a plain {@code http://} endpoint a page is read as a
 * stream: the GET is built here, signed with the SDK's SigV4 signer and the session's credentials,
 * sent on the session's own HTTP client, and its XML read with StAX straight into entries (the
 * SDK would build a DOM of it and unmarshal that into model objects, the largest cost of a no-op
 * sync: docs/benchmarks.md). Keys are asked for URL-encoded ({@code encoding-type=url}) and
 * decoded as the SDK decodes them, so any key round-trips.
 *
 * <p>Anything unusual goes through the SDK's own {@code listObjectsV2} for that page, with its
 * retries and error messages: an answer other than 200, a failed connection, a document that is
 * not a ListBucketResult as expected, credentials that cannot be resolved, and every endpoint
 * this does not address itself (https, AWS, a proxy, an endpoint with a path).
 */
final class ObjectListing {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObjectListing.class);

  /** One object of a page, its key decoded. */
  record Entry(String key, long size, long lastModifiedMillis, String etag) {}

  /** A page: its objects in S3 order, and the token of the next one (null: the last). */
  record Page(List<Entry> contents, String nextToken) {}

  /** The JDK's own StAX parser, one per thread (a factory may reuse its readers), no DTDs. */
  private static final ThreadLocal<XMLInputFactory> XML =
      ThreadLocal.withInitial(
          () -> {
            XMLInputFactory f = XMLInputFactory.newDefaultFactory();
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            f.setProperty(XMLInputFactory.IS_COALESCING, true);
            return f;
          });

  /** A bucket name that can be a host name (the SDK's own test, for plain http). */
  private static final Pattern VIRTUAL_HOST_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final S3Session session;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AtomicInteger streamed = new AtomicInteger();
  private final AtomicInteger viaSdk = new AtomicInteger();

  ObjectListing(S3Session session) {
    this.session = session;
  }

  /** Pages read as a stream so far. */
  int streamedPages() {
    return streamed.get();
  }

  /** Pages asked of the SDK so far. */
  int sdkPages() {
    return viaSdk.get();
  }

  /**
   * The page of at most {@code maxKeys} keys under {@code prefix} after {@code token} (or, on the
   * first page, after {@code startAfter}; either may be null).
   *
   * @throws software.amazon.awssdk.core.exception.SdkException as the SDK's call throws it
   */
  Page page(String bucket, String prefix, String token, String startAfter, int maxKeys) {
    SdkHttpClient http = session.ownHttpClient();
    if (http != null) {
      try {
        Page page = streamed(http, bucket, prefix, token, startAfter, maxKeys);
        if (page != null) {
          streamed.incrementAndGet();
          return page;
        }
      } catch (IOException | XMLStreamException | RuntimeException e) {
        LOG.debug("a page of s3://{}/{} through the SDK: {}", bucket, prefix, e.toString());
      }
    }
    viaSdk.incrementAndGet();
    return viaSdk(bucket, prefix, token, startAfter, maxKeys);
  }

  private Page viaSdk(String bucket, String prefix, String token, String startAfter, int maxKeys) {
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(bucket).maxKeys(maxKeys);
    if (!prefix.isEmpty()) {
      request.prefix(prefix);
    }
    if (token != null) {
      request.continuationToken(token);
    } else if (startAfter != null) {
      request.startAfter(startAfter);
    }
    ListObjectsV2Response page = session.client().listObjectsV2(request.build());
    List<Entry> contents = new ArrayList<>(page.contents().size());
    page.contents()
        .forEach(
            o ->
                contents.add(
                    new Entry(
                        o.key(),
                        o.size() == null ? 0 : o.size(),
                        o.lastModified() == null ? 0 : o.lastModified().toEpochMilli(),
                        o.eTag())));
    return new Page(
        contents, Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null);
  }

  /** The page read as a stream, or null when the SDK should be asked instead. */
  private Page streamed(
      SdkHttpClient http, String bucket, String prefix, String token, String startAfter, int maxKeys)
      throws IOException, XMLStreamException {
    SdkHttpRequest request = request(session.settings(), bucket, prefix, token, startAfter, maxKeys);
    if (request == null) {
      return null;
    }
    AwsCredentialsIdentity credentials = session.credentialsProvider().resolveCredentials();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials)
                    .request(request)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, session.settings().region())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
    HttpExecuteResponse response =
        http.prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build()).call();
    try (InputStream body = response.responseBody().orElse(null)) {
      if (response.httpResponse().statusCode() != 200 || body == null) {
        return null;
      }
      return parse(body);
    }
  }

  /** The unsigned GET of a page, addressed as the SDK client is, or null for any other endpoint. */
  static SdkHttpRequest request(
      S3Settings settings, String bucket, String prefix, String token, String startAfter, int maxKeys) {
    URI endpoint = settings.endpoint();
    if (endpoint == null
        || !"http".equalsIgnoreCase(endpoint.getScheme())
        || (endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty()
            && !endpoint.getRawPath().equals("/"))
        || endpoint.getRawQuery() != null) {
      return null;
    }
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .protocol("http")
            .port(endpoint.getPort() == -1 ? 80 : endpoint.getPort());
    if (settings.pathStyle()) {
      request.host(endpoint.getHost()).encodedPath("/" + SdkHttpUtils.urlEncode(bucket));
    } else if (!VIRTUAL_HOST_BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      return null; // the SDK addresses such a bucket by path, by its endpoint rules
    } else {
      request.host(bucket + "." + endpoint.getHost()).encodedPath("/");
    }
    request
        .putRawQueryParameter("list-type", "2")
        .putRawQueryParameter("max-keys", Integer.toString(maxKeys))
        .putRawQueryParameter("encoding-type", "url");
    if (!prefix.isEmpty()) {
      request.putRawQueryParameter("prefix", prefix);
    }
    if (token != null) {
      request.putRawQueryParameter("continuation-token", token);
    } else if (startAfter != null) {
      request.putRawQueryParameter("start-after", startAfter);
    }
    return request.build();
  }

  /**
   * A ListBucketResult read as a stream; null when the document is something else.
   *
   * @throws XMLStreamException when it is not the document expected
   */
  static Page parse(InputStream in) throws XMLStreamException {
    XMLStreamReader r = XML.get().createXMLStreamReader(in);
    try {
      if (r.nextTag() != XMLStreamConstants.START_ELEMENT
          || !"ListBucketResult".equals(r.getLocalName())) {
        return null;
      }
      List<Entry> contents = new ArrayList<>();
      boolean truncated = false;
      boolean urlEncoded = false;
      String next = null;
      while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
        switch (r.getLocalName()) {
          case "Contents" -> contents.add(entry(r));
          case "IsTruncated" -> truncated = Boolean.parseBoolean(r.getElementText().strip());
          case "NextContinuationToken" -> next = r.getElementText();
          case "EncodingType" -> urlEncoded = "url".equals(r.getElementText().strip());
          default -> skip(r);
        }
      }
      if (truncated && (next == null || next.isEmpty())) {
        throw new XMLStreamException("a truncated listing without a continuation token");
      }
      if (urlEncoded) {
        contents.replaceAll(
            e -> new Entry(SdkHttpUtils.urlDecode(e.key()), e.size(), e.lastModifiedMillis(), e.etag()));
      }
      return new Page(contents, truncated ? next : null);
    } finally {
      r.close();
    }
  }

  private static Entry entry(XMLStreamReader r) throws XMLStreamException {
    String key = null;
    long size = -1;
    long modified = 0;
    String etag = null;
    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
      switch (r.getLocalName()) {
        case "Key" -> key = r.getElementText();
        case "Size" -> size = Long.parseLong(r.getElementText().strip());
        case "LastModified" -> modified = epochMillis(r.getElementText().strip());
        case "ETag" -> etag = r.getElementText();
        default -> skip(r);
      }
    }
    if (key == null || size < 0) {
      throw new XMLStreamException("an object without its Key or Size", r.getLocation());
    }
    return new Entry(key, size, modified, etag);
  }

  /**
   * A timestamp in S3's own form ({@code 2026-12-06T14:05:09.123Z}) read by hand, any other
   * through the SDK's parser: java.time's parser, still interpreted in a short run, was half of
   * the time spent reading a page.
   */
  static long epochMillis(String s) {
    if (s.length() == 24 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
        && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
      try {
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (hour < 24 && minute < 60 && second < 60) {
          long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
          return ((day * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + digits(s, 20, 23);
        }
      } catch (DateTimeException | NumberFormatException e) {
        // not a date after all: the SDK's parser says what it is
      }
    }
    return DateUtils.parseIso8601Date(s).toEpochMilli();
  }

  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(s);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Skips the element just started, with everything in it. */
  private static void skip(XMLStreamReader r) throws XMLStreamException {
    for (int depth = 1; depth > 0; ) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }
}
