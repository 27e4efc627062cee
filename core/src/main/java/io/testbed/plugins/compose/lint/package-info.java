/**
 * What breaks a deployment before {@code docker compose up} does: {@link
 * io.testbed.plugins.compose.lint.Lint#check} runs the families of checks ({@code
 * VolumeNetworkChecks}, {@code VariableChecks}, {@code WorkerChecks}) over a project into one
 * {@code LintFindings}, and returns {@link io.testbed.plugins.compose.lint.Finding}s, each with its
 * {@code file:line:col}, severity and fix.
 *
 * <p>May use: {@code compose} (through its documented seam: {@code ComposeFile.tree()}, {@code
 * EnvModel}, the public methods of {@code ComposeProject}), {@code yaml}, and the root exceptions.
 *
 * <p>Never uses: {@code compose.edit}, {@code s3}, {@code docker}, {@code configure}, {@code cli}.
 * Lint reads; it never plans or writes an edit.
 */
package io.testbed.plugins.compose.lint;
