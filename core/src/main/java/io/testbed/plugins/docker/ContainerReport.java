package io.testbed.plugins.docker;

import java.util.List;
import java.util.Optional;

/**
 * What the containers of the selected workers run, next to what the files give them.
 *
 * @param notChecked why the containers were not looked at (no docker CLI, or an engine that did
 *     not answer); empty when they were
 * @param project the compose project name the files give
 * @param runningAs the project name the containers were found under: {@code project}, or another
 *     one when the deployment was started with {@code -p NAME} from the same directory
 * @param workers one entry per container of a selected worker (one with no container id for a
 *     worker that has none)
 */
public record ContainerReport(
    Optional<String> notChecked, String project, String runningAs, List<Worker> workers) {

  /** The state of a worker's container against its files. */
  public enum State {
    /** Running with the values the files give. */
    OK,
    /** Running without them, or with other values: it needs recreating. */
    STALE,
    /** Created or stopped: it takes the values when it starts. */
    STOPPED,
    /** No container. */
    ABSENT
  }

  /**
   * One worker container.
   *
   * @param container its name; empty for {@link State#ABSENT}
   * @param detail what differs, or what it runs with, for people
   */
  public record Worker(String service, String container, State state, String detail) {}

  public ContainerReport {
    workers = List.copyOf(workers);
  }

  static ContainerReport notChecked(String reason, String project) {
    return new ContainerReport(Optional.of(reason), project, project, List.of());
  }

  /** Whether the containers were looked at. */
  public boolean checked() {
    return notChecked.isEmpty();
  }

  /** The workers whose running container is stale, each once, in order. */
  public List<String> stale() {
    return workers.stream().filter(w -> w.state() == State.STALE).map(Worker::service)
        .distinct().toList();
  }

  /** Whether a running container lacks what the files give. */
  public boolean drift() {
    return !stale().isEmpty();
  }

  /** Whether no selected worker has a container. */
  public boolean noneFound() {
    return checked() && workers.stream().allMatch(w -> w.state() == State.ABSENT);
  }
}
