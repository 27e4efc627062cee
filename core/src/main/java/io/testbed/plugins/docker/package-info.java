/**
 * The running deployment: everything that runs the {@code docker} CLI or a compose CLI, or reads
 * its answers. {@code ExternalCommand} runs a program on {@code PATH} with a time limit, so an
 * engine that does not answer never hangs a run; {@code DockerEngine} owns the conversation with
 * {@code docker} ({@code version}, {@code ps}, {@code inspect}, {@code logs}); {@link
 * io.testbed.plugins.docker.ComposeCli} finds {@code docker compose} or {@code docker-compose};
 * {@link io.testbed.plugins.docker.WorkerRollout} is the {@code up -d --no-deps} command as data
 * and {@link io.testbed.plugins.docker.Rollout} runs it and watches the workers start; {@link
 * io.testbed.plugins.docker.RunningWorkers} compares each worker container's environment with the
 * files into a {@link io.testbed.plugins.docker.ContainerReport}; {@link
 * io.testbed.plugins.docker.DockerContainers} finds a container's address, its {@code docker}
 * calls behind an injectable {@link io.testbed.plugins.docker.DockerContainers.Runner} so tests
 * drive its answers without an engine.
 *
 * <p>May use: {@code compose} (the project, its services and their values), {@code compose.edit}
 * (a {@code ProjectPlan}, to name the override file an edit creates), and the root exceptions.
 *
 * <p>Never uses: {@code compose.lint}, {@code s3}, {@code configure}, {@code cli}. {@code compose},
 * {@code yaml} and {@code s3} never use this package.
 */
package io.testbed.plugins.docker;
