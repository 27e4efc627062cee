/**
 * Surgical YAML: parse a file into a tree that knows where every node is written, and change the
 * file by splicing text at those places, so that everything not edited stays byte for byte.
 *
 * <p>The public surface, in reading order:
 *
 * <ul>
 *   <li>{@link io.testbed.plugins.yaml.Source}: the text and its position arithmetic (lines,
 *       columns in code points, line breaks, a leading BOM) and the source snippet with a caret
 *       that positioned messages show;
 *   <li>{@link io.testbed.plugins.yaml.Characters} and {@link io.testbed.plugins.yaml.YamlTree}:
 *       the checks and the parse. The accepted dialect is YAML 1.2 as SnakeYAML Engine reads it,
 *       narrowed to what docker compose's YAML 1.1 reader also accepts: one document, text keys
 *       that are not repeated, no control characters, no line breaks YAML 1.1 would read
 *       differently, bounded nesting and aliases;
 *   <li>{@link io.testbed.plugins.yaml.YNode}: the node tree. Aliases stay nodes of their own (the
 *       tree is a DAG, never expanded); offsets are {@code char} indexes into the text;
 *   <li>{@link io.testbed.plugins.yaml.Scalars}: writing a string as a scalar that reads back as
 *       exactly that string;
 *   <li>{@link io.testbed.plugins.yaml.TextEdit}: a splice, applying a set of them, and composing
 *       two sets;
 *   <li>{@link io.testbed.plugins.yaml.Diffs}: the unified diff of a set of edits, with secret
 *       values masked;
 *   <li>{@link io.testbed.plugins.yaml.YamlException}: every refusal, with its place ({@code
 *       label:line:col}), the source line and what to do.
 * </ul>
 *
 * <p>May use: SnakeYAML Engine and the root exceptions ({@link
 * io.testbed.plugins.PluginsException}) only; nothing in it knows about compose files, S3 or the
 * command line.
 *
 * <p>Never uses: {@code compose} and its subpackages, {@code s3}, {@code docker}, {@code
 * configure}, {@code cli}.
 */
package io.testbed.plugins.yaml;
