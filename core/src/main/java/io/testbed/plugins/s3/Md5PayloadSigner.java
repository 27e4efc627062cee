package io.testbed.plugins.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 that does not hash a request body already protected by a {@code Content-MD5} header.
 *
 * <p>Over plain http the SDK always signs the payload: it hashes every body with SHA-256 and, for
 * uploads, sends it in signed chunks ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}). A request that
 * carries a Content-MD5 does not need that: the header is signed, and the server rejects a body
 * that does not match it ({@code BadDigest}). Such requests are signed as over https, where the
 * payload is {@code UNSIGNED-PAYLOAD}; the Host header is fixed first, so the signature matches
 * what is sent. Every other request is signed as usual.
 */
final class Md5PayloadSigner implements HttpSigner<AwsCredentialsIdentity> {
  private final HttpSigner<AwsCredentialsIdentity> signer;

  private Md5PayloadSigner(HttpSigner<AwsCredentialsIdentity> signer) {
    this.signer = signer;
  }

  /** The SigV4 auth scheme of the SDK, with this signer. */
  static AuthScheme<AwsCredentialsIdentity> authScheme() {
    AwsV4AuthScheme sigV4 = AwsV4AuthScheme.create();
    Md5PayloadSigner signer = new Md5PayloadSigner(sigV4.signer());
    return new AuthScheme<>() {
      @Override
      public String schemeId() {
        return sigV4.schemeId();
      }

      @Override
      public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return sigV4.identityProvider(providers);
      }

      @Override
      public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
      }
    };
  }

  /** Whether the payload of this request may go unsigned. */
  static boolean unsignedPayload(SdkHttpRequest request) {
    return "http".equals(request.protocol()) && request.firstMatchingHeader("Content-MD5").isPresent();
  }

  @Override
  public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
    SdkHttpRequest http = request.request();
    if (!unsignedPayload(http)) {
      return signer.sign(request);
    }
    String host =
        SdkHttpUtils.isUsingStandardPort(http.protocol(), http.port())
            ? http.host()
            : http.host() + ":" + http.port();
    SdkHttpRequest asHttps =
        http.toBuilder().protocol("https").port(http.port()).putHeader("Host", host).build();
    SignedRequest signed =
        signer.sign(request.copy(r -> r.request(asHttps)));
    return signed.copy(
        r -> r.request(signed.request().toBuilder().protocol("http").port(http.port()).build()));
  }

  @Override
  public CompletableFuture<AsyncSignedRequest> signAsync(
      AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
    return signer.signAsync(request);
  }
}
