/**
 * One run of {@code configure} or {@code status}: the request ({@link
 * io.testbed.plugins.configure.ConfigureRequest}), the deployment's S3 settings read out of the
 * compose project ({@link io.testbed.plugins.configure.DeploymentS3}, with {@code EndpointLookup},
 * {@code HostReach}, {@code DeploymentCredentials} and {@code ProjectPlaces}), the whole plan
 * ({@link io.testbed.plugins.configure.DeploymentPlan}: lint findings, buckets, syncs, the project
 * edit) and its application in order ({@link io.testbed.plugins.configure.Configurator}: buckets,
 * then syncs, then the compose files last).
 *
 * <p>May use: {@code compose}, {@code compose.edit}, {@code compose.lint}, {@code s3}, {@code
 * docker} (to reach a container that publishes no port), and the root exceptions.
 *
 * <p>Never uses: {@code cli}, picocli, or printing: results are data for a front end to render.
 */
package io.testbed.plugins.configure;
