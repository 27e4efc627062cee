/**
 * Surgical editing of a docker-compose file: set environment variables in the worker services
 * without re-serializing the document.
 *
 * <p>Flow: {@link io.testbed.plugins.compose.ComposeFile#read} (exact text, node tree with places)
 * → {@link io.testbed.plugins.compose.WorkerSelector#select} (which services, and why) → {@link
 * io.testbed.plugins.compose.edit.EnvEdit#plan} (text splices, verified by re-parsing) → {@link
 * io.testbed.plugins.compose.edit.ComposePlan#unifiedDiff} for display and {@link
 * io.testbed.plugins.compose.edit.ComposeWriter#write} (locked, atomic, optional backup). Every failure a
 * user can cause is a {@link io.testbed.plugins.compose.ComposeException} rendering as {@code
 * path:line:col: message}, the source line with a caret, and what to do.
 */
package io.testbed.plugins.compose;
