/**
 * The {@code testbed-plugins} command line: picocli commands that parse options, build a request,
 * call the library, and render the result as text or JSON ({@link io.testbed.plugins.cli.Main} is
 * the root command). Errors are printed as their message, without a stack trace unless {@code
 * --stacktrace} or {@code -v} is given.
 *
 * <p>May use: every package of the library ({@code configure}, {@code docker}, {@code compose},
 * {@code compose.edit}, {@code compose.lint}, {@code s3}, the root exceptions) and picocli.
 *
 * <p>Never uses: {@code examples}, or the library's test helpers. Logic a library user would also
 * want belongs in the library, not here.
 */
package io.testbed.plugins.cli;
