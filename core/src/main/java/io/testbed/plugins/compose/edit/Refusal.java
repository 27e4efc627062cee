package io.testbed.plugins.compose.edit;

import java.util.Objects;

/** A selected service that is left unchanged because no safe edit exists: why, and what to do. */
public record Refusal(String service, String reason, String remedy) {
  public Refusal {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(remedy, "remedy");
  }

  @Override
  public String toString() {
    return service + ": " + reason + ". " + remedy;
  }
}
