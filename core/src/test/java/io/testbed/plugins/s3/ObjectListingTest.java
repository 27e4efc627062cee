package io.testbed.plugins.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.testing.EmbeddedS3;
import io.testbed.plugins.testing.EmbeddedS3Extension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The listing read as a stream is the SDK's listing, page for page, and the path is the fast one. */
@ExtendWith(EmbeddedS3Extension.class)
class ObjectListingTest {
  @TempDir Path tmp;

  @Test
  void streamedListingEqualsTheSdksOverSeveralPages(EmbeddedS3 s3) throws Exception {
    try (S3Session session = S3TestSupport.session(s3, ChecksumMode.WHEN_REQUIRED)) {
      String bucket = S3TestSupport.createBucket(session, "pages");
      Path dir = Files.createDirectories(tmp.resolve("tree"));
      for (int i = 0; i < 2300; i++) {
        Path p = dir.resolve("d" + (i % 9) + "/f" + i + ".py");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x".repeat(i % 13));
      }
      S3Location loc = S3Location.parse("s3://" + bucket + "/tree");
      SyncExecutor.apply(session, Sync.plan(session, dir, loc, SyncOptions.defaults()), SyncListener.NONE);
      S3TestSupport.putRaw(session, bucket, "tree-sibling/x.py", "outside the prefix");

      ObjectListing listing = session.listing();
      int planned = listing.streamedPages(); // the sync's own listing
      assertThat(planned).isPositive();
      List<ObjectListing.Entry> streamed = streamedAll(listing, bucket, "tree/");
      assertThat(listing.streamedPages() - planned).isEqualTo(3);
      assertThat(listing.sdkPages()).isZero();
      assertThat(streamed).hasSize(2300).isEqualTo(sdkAll(session, bucket, "tree/"));
      assertThat(streamed.get(0).lastModifiedMillis()).isPositive();
      assertThat(streamed.get(0).etag()).startsWith("\"").hasSize(34);

      // the whole bucket, no prefix: the sibling too
      List<ObjectListing.Entry> all = streamedAll(listing, bucket, "");
      assertThat(all).hasSize(2301).isEqualTo(sdkAll(session, bucket, ""));

      // RemoteTree goes the same way, ranges (start-after) included
      int before = listing.streamedPages();
      RemoteTree tree = RemoteTree.list(session, loc);
      assertThat(tree.objects()).hasSize(2300);
      List<String> hints = tree.objects().stream().map(RemoteObject::path).toList();
      assertThat(RemoteTree.list(session, loc, hints).objects()).isEqualTo(tree.objects());
      assertThat(listing.streamedPages()).isGreaterThan(before + 3);
      assertThat(listing.sdkPages()).isZero();
    }
  }

  @Test
  void oddKeysRoundTrip() {
    try (EmbeddedS3 s3 = EmbeddedS3.startInMemory();
        S3Session session = S3TestSupport.session(s3, ChecksumMode.WHEN_REQUIRED)) {
      String bucket = S3TestSupport.createBucket(session, "odd");
      List<String> keys =
          List.of(
              "odd/a b.py",
              "odd/a+b.py",
              "odd/a&b<c>d.py",
              "odd/ünïcødé ✓.py",
              "odd/\uD83D\uDE00 smile.py",
              "odd/quote\"'.py",
              "odd/per%20cent.py",
              "odd/q?x=1#y.py",
              "odd/tilde~star*.py",
              "odd/sub dir/ä.py");
      for (String key : keys) {
        S3TestSupport.putRaw(session, bucket, key, key);
      }
      ObjectListing listing = session.listing();
      List<ObjectListing.Entry> streamed = streamedAll(listing, bucket, "odd/");
      assertThat(streamed).extracting(ObjectListing.Entry::key).containsExactlyInAnyOrderElementsOf(keys);
      assertThat(streamed).isEqualTo(sdkAll(session, bucket, "odd/"));
      assertThat(listing.sdkPages()).isZero();

      // a prefix that needs encoding itself
      assertThat(streamedAll(listing, bucket, "odd/sub dir/"))
          .extracting(ObjectListing.Entry::key)
          .containsExactly("odd/sub dir/ä.py");
      assertThat(listing.sdkPages()).isZero();
    }
  }

  @Test
  void missingBucketFallsBackToTheSdkAndListsAsEmpty(EmbeddedS3 s3) {
    try (S3Session session = S3TestSupport.session(s3, ChecksumMode.WHEN_REQUIRED)) {
      String bucket = S3TestSupport.newBucket("missing");
      RemoteTree tree = RemoteTree.list(session, S3Location.parse("s3://" + bucket + "/p"));
      assertThat(tree.bucketExists()).isFalse();
      assertThat(tree.objects()).isEmpty();
      assertThat(session.listing().streamedPages()).isZero();
      assertThat(session.listing().sdkPages()).isEqualTo(1);

      // the same error the SDK gives
      assertThatThrownBy(() -> session.listing().page(bucket, "p/", null, null, 1000))
          .isInstanceOf(SdkException.class)
          .satisfies(e -> assertThat(Errors.code(e)).isEqualTo("NoSuchBucket"));
    }
  }

  @Test
  void wrongCredentialsGiveTheSameErrorAsBefore(EmbeddedS3 s3) {
    String bucket;
    try (S3Session good = S3TestSupport.session(s3, ChecksumMode.WHEN_REQUIRED)) {
      bucket = S3TestSupport.createBucket(good, "creds");
    }
    S3Settings wrong =
        S3Settings.builder()
            .endpoint(s3.endpoint())
            .checksumMode(ChecksumMode.WHEN_REQUIRED)
            .credentials(s3.accessKey(), "not-the-secret")
            .build();
    try (S3Session session = S3Session.open(wrong)) {
      S3Location loc = S3Location.parse("s3://" + bucket + "/p");
      String sdkMessage;
      try {
        session.client().listObjectsV2(b -> b.bucket(bucket).prefix("p/").maxKeys(1000));
        throw new AssertionError("the SDK listed with a wrong secret");
      } catch (SdkException e) {
        sdkMessage = Errors.translate(e, session, "listing " + loc).getMessage();
      }
      assertThat(sdkMessage).contains("check AWS_SECRET_ACCESS_KEY");
      assertThatThrownBy(() -> RemoteTree.list(session, loc))
          .isInstanceOf(StorageException.class)
          .hasMessage(sdkMessage);
      assertThat(session.listing().streamedPages()).isZero();
      assertThat(session.listing().sdkPages()).isEqualTo(1);
    }
  }

  @Test
  void requestsAreAddressedAsTheClientIsAndOnlyOverPlainHttp() {
    S3Settings path = S3Settings.builder().endpoint("http://127.0.0.1:9000").build();
    SdkHttpRequest r = ObjectListing.request(path, "B_b", "p q/", "tok+en", "ignored", 1000);
    assertThat(r.getUri().toString())
        .startsWith("http://127.0.0.1:9000/B_b?")
        .contains("list-type=2", "prefix=p%20q%2F", "continuation-token=tok%2Ben", "encoding-type=url")
        .doesNotContain("start-after");
    S3Settings virtual =
        S3Settings.builder().endpoint("http://minio.lab:9000").pathStyle(false).build();
    assertThat(ObjectListing.request(virtual, "b.c-1", "", null, "a b", 10).getUri().toString())
        .startsWith("http://b.c-1.minio.lab:9000/?")
        .contains("start-after=a%20b", "max-keys=10")
        .doesNotContain("prefix=");
    assertThat(ObjectListing.request(virtual, "Not_A_Host", "", null, null, 1)).isNull();
    assertThat(ObjectListing.request(S3Settings.builder().endpoint("https://h").build(), "b", "", null, null, 1))
        .isNull();
    assertThat(ObjectListing.request(S3Settings.builder().endpoint("http://h/base").build(), "b", "", null, null, 1))
        .isNull();
    assertThat(ObjectListing.request(S3Settings.builder().build(), "b", "", null, null, 1)).isNull();
  }

  @Test
  void anotherDocumentOrATruncatedPageWithoutTokenIsNotTakenForAListing() throws Exception {
    assertThat(ObjectListing.parse(xml("<Error><Code>NoSuchBucket</Code></Error>"))).isNull();
    assertThatThrownBy(
            () -> ObjectListing.parse(xml("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>")))
        .isInstanceOf(javax.xml.stream.XMLStreamException.class);
    assertThatThrownBy(
            () -> ObjectListing.parse(xml("<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>")))
        .isInstanceOf(javax.xml.stream.XMLStreamException.class);
    ObjectListing.Page page =
        ObjectListing.parse(
            xml(
                "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Name>b</Name><EncodingType>url</EncodingType><Contents><Key>a+%26b</Key>"
                    + "<LastModified>2026-01-02T03:04:05.678Z</LastModified><ETag>&quot;e&quot;</ETag>"
                    + "<Size>7</Size><Owner><ID>x</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>"
                    + "<IsTruncated>true</IsTruncated><NextContinuationToken>t1</NextContinuationToken>"
                    + "</ListBucketResult>"));
    assertThat(page.nextToken()).isEqualTo("t1");
    assertThat(page.contents())
        .containsExactly(new ObjectListing.Entry("a &b", 7, 1767323045678L, "\"e\""));
  }

  @Test
  void timestampsReadByHandEqualTheSdksParse() {
    for (String t :
        List.of(
            "2026-12-06T14:05:09.123Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
            "1969-12-31T23:59:59.001Z", "2100-03-01T00:00:00.000Z", "2026-12-06T14:05:09Z",
            "2026-12-06T14:05:09.5Z", "2026-12-06T14:05:09.123+01:00", "2026-02-30T00:00:00.000Z",
            "2026-12-06T24:00:00.000Z", "2026-12-06T14:60:00.000Z", "2026-1a-06T14:05:09.123Z")) {
      assertThat(outcome(() -> ObjectListing.epochMillis(t)))
          .as(t)
          .isEqualTo(outcome(() -> software.amazon.awssdk.utils.DateUtils.parseIso8601Date(t).toEpochMilli()));
    }
    assertThat(outcome(() -> ObjectListing.epochMillis("2026-12-06T14:05:09.123Z"))).isEqualTo(1796565909123L);
  }

  /** The value, or the class of what was thrown. */
  private static Object outcome(java.util.function.LongSupplier f) {
    try {
      return f.getAsLong();
    } catch (RuntimeException e) {
      return e.getClass();
    }
  }

  private static ByteArrayInputStream xml(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<ObjectListing.Entry> streamedAll(ObjectListing listing, String bucket, String prefix) {
    List<ObjectListing.Entry> all = new ArrayList<>();
    String token = null;
    do {
      ObjectListing.Page page = listing.page(bucket, prefix, token, null, 1000);
      all.addAll(page.contents());
      token = page.nextToken();
    } while (token != null);
    return all;
  }

  private static List<ObjectListing.Entry> sdkAll(S3Session session, String bucket, String prefix) {
    List<ObjectListing.Entry> all = new ArrayList<>();
    for (S3Object o :
        session.client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      all.add(new ObjectListing.Entry(o.key(), o.size(), o.lastModified().toEpochMilli(), o.eTag()));
    }
    return all;
  }
}
