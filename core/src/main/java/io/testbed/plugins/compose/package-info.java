/**
 * The compose project as docker compose loads it: which files ({@code COMPOSE_FILE}, override
 * files, {@code extends}, {@code include}), {@code .env} and {@code env_file} ({@link
 * io.testbed.plugins.compose.DotEnv}), interpolation, each service's effective environment with
 * its place, ports and networks ({@link io.testbed.plugins.compose.ServiceNetwork}), and which
 * services are workers ({@link io.testbed.plugins.compose.WorkerSelector}).
 *
 * <p>Flow: {@link io.testbed.plugins.compose.ComposeFile#read} (exact text, node tree with places)
 * and {@link io.testbed.plugins.compose.ComposeProject#discover} (the files of the project, read
 * once) → {@link io.testbed.plugins.compose.WorkerSelector#select} (which services, and why).
 * Every failure a user can cause is a {@link io.testbed.plugins.compose.ComposeException}.
 *
 * <p>The seam to its subpackages {@code compose.edit} (the editor) and {@code compose.lint}: they
 * read a file through {@link io.testbed.plugins.compose.ComposeFile#tree()} and {@link
 * io.testbed.plugins.compose.EnvModel}, a project through the public methods of {@link
 * io.testbed.plugins.compose.ComposeProject} (with {@link
 * io.testbed.plugins.compose.Includes.Included}), and raise errors with the factories of
 * {@code ComposeException}. Nothing else of this package is theirs to reach.
 *
 * <p>May use: {@code yaml} and the root exceptions.
 *
 * <p>Never uses: {@code compose.edit}, {@code compose.lint}, {@code s3}, {@code docker}, {@code
 * configure}, {@code cli}.
 */
package io.testbed.plugins.compose;
