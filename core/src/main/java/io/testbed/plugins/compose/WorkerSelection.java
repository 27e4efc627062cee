package io.testbed.plugins.compose;

import java.util.List;

/**
 * Which services to treat as workers.
 *
 * <ul>
 *   <li>{@code services} non-empty: exactly those (each must exist);
 *   <li>else {@code all}: every service ({@link #allServices()});
 *   <li>else {@code imagePatterns} non-empty: the services whose image matches one of the globs
 *       ({@code *} any run of characters, {@code ?} one; matched against the whole image string);
 *   <li>else the default rule (see {@link WorkerSelector}).
 * </ul>
 *
 * Then {@code excludeServices} are removed (each must exist).
 */
public record WorkerSelection(
    List<String> services,
    boolean all,
    List<String> imagePatterns,
    List<String> excludeServices) {

  public WorkerSelection {
    services = List.copyOf(services);
    imagePatterns = List.copyOf(imagePatterns);
    excludeServices = List.copyOf(excludeServices);
  }

  /** The default rule: Testbed worker images and worker queues. */
  public static WorkerSelection defaults() {
    return new WorkerSelection(List.of(), false, List.of(), List.of());
  }

  /** Exactly the named services. */
  public static WorkerSelection services(List<String> names) {
    return new WorkerSelection(names, false, List.of(), List.of());
  }

  /** Every service. */
  public static WorkerSelection allServices() {
    return new WorkerSelection(List.of(), true, List.of(), List.of());
  }

  /** The services whose image matches one of the globs. */
  public static WorkerSelection imagePatterns(List<String> globs) {
    return new WorkerSelection(List.of(), false, globs, List.of());
  }

  /** This selection minus the named services. */
  public WorkerSelection excludeServices(List<String> names) {
    return new WorkerSelection(services, all, imagePatterns, names);
  }
}
