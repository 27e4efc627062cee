/**
 * The surgical editor of a compose project: set environment variables in chosen services without
 * re-serializing anything.
 *
 * <p>Flow: {@link io.testbed.plugins.compose.edit.EnvEdit#plan} (one compose file: {@code
 * EnvPlanner} decides per service, the forms {@code MapForm}, {@code ListForm}, {@code FlowForm}
 * and {@code Merges} build the splices on shared {@code Layout} helpers, {@code Verifier} re-parses
 * and compares) or {@link io.testbed.plugins.compose.edit.ProjectEdit#plan} (the whole project:
 * the compose file, an override file, env files through {@code EnvFileEdit}) → a plan ({@link
 * io.testbed.plugins.compose.edit.ComposePlan}, {@link io.testbed.plugins.compose.edit.ProjectPlan},
 * pure data with its diff) → {@link io.testbed.plugins.compose.edit.ComposeWriter} and {@link
 * io.testbed.plugins.compose.edit.ProjectWriter} (locked, atomic, optional backup).
 *
 * <p>May use: {@code compose} (through its documented seam: {@code ComposeFile.tree()}, {@code
 * EnvModel}, the public methods of {@code ComposeProject}, the factories of {@code
 * ComposeException}), {@code yaml}, and the root exceptions.
 *
 * <p>Never uses: {@code compose.lint}, {@code s3}, {@code docker}, {@code configure}, {@code cli}.
 */
package io.testbed.plugins.compose.edit;
