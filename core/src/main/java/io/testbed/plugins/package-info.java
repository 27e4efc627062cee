/**
 * The root of the library: {@link io.testbed.plugins.PluginsException}, the one exception family
 * users see, and {@link io.testbed.plugins.PositionedException}, its form with a place ({@code
 * file:line:col}, the source line with a caret, and the fix); and {@link
 * io.testbed.plugins.InContainer}, whether a run is in the tool's container image and what the
 * container's mount table says about the host.
 *
 * <p>May use: the JDK only. Every other package may use this one.
 *
 * <p>Never uses: any package below it ({@code yaml}, {@code compose}, {@code s3}, {@code docker},
 * {@code configure}) nor {@code cli}.
 */
package io.testbed.plugins;
