/**
 * The local side of a sync: which files a plugin directory holds and what they contain. {@link
 * io.testbed.plugins.s3.local.LocalTree} scans a tree (links followed inside the root only, sorted
 * by relative path) into {@link io.testbed.plugins.s3.local.LocalFile}s, through the include and
 * exclude globs of {@link io.testbed.plugins.s3.local.Filters}; {@link
 * io.testbed.plugins.s3.local.Hashing} streams MD5s, which {@link
 * io.testbed.plugins.s3.local.HashCache} keeps between runs in the user's cache ({@code
 * HashCacheFile} is its on-disk form); {@link io.testbed.plugins.s3.local.AtomicMove} puts a
 * finished temp file in place. A tree that cannot be read is a {@link
 * io.testbed.plugins.s3.local.LocalException}.
 *
 * <p>What {@code s3} uses, and the only parts made public for it: the scans and the records, {@code
 * LocalFile.withMd5}, the filters, {@code HashCache.open}, {@code md5}, {@code save}, {@code
 * savePart}, {@code hits} and {@code hashed}, {@code Hashing}'s {@code md5}, {@code newMd5} and
 * {@code base64} (an upload's Content-MD5), {@code AtomicMove.replace} (downloads), and {@code
 * LocalTree.relative} (the watcher names changed paths as a scan does).
 *
 * <p>May use: the JDK, SLF4J and the root exceptions.
 *
 * <p>Never uses: {@code s3} and its other subpackages (the arrow points from {@code s3} to here,
 * never back), the AWS SDK, {@code yaml}, {@code compose} and its subpackages, {@code docker},
 * {@code configure}, {@code cli}.
 */
package io.testbed.plugins.s3.local;
