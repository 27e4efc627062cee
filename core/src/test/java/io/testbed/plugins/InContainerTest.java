package io.testbed.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image's switch, and the host directory's name read from mountinfo lines as Linux writes them. */
class InContainerTest {
  static final String ROOT = "651 580 0:52 / / rw,relatime master:301 - overlay overlay rw";
  static final String DEPLOY = "700 651 254:0 /etc/securing-ai/lab_deployment /deploy"
      + " rw,relatime - ext4 /dev/vda1 rw";

  @Test
  void onlyTheImagesVariableSwitchesItOn() {
    assertThat(InContainer.is(Map.of("TESTBED_PLUGINS_IN_CONTAINER", "1"))).isTrue();
    assertThat(InContainer.is(Map.of("TESTBED_PLUGINS_IN_CONTAINER", "0"))).isFalse();
    assertThat(InContainer.is(Map.of())).isFalse();
  }

  @Test
  void theMountedDirectoryIsNamedAsOnTheHost() {
    assertThat(InContainer.hostName(Path.of("/deploy"), List.of(ROOT, DEPLOY)))
        .contains("lab_deployment");
  }

  @Test
  void spacesAndTheLastMountOverTheSamePlaceAreReadAsTheKernelWritesThem() {
    String again = "720 651 254:0 /srv/my\\040lab /deploy rw - ext4 /dev/vda1 rw";
    assertThat(InContainer.hostName(Path.of("/deploy"), List.of(ROOT, DEPLOY, again)))
        .contains("my lab");
  }

  @Test
  void aDirectoryThatIsNoMountOrAWholeFileSystemOrANamedVolumeHasNoHostName() {
    String volume = "701 651 254:0 /var/lib/docker/volumes/lab/_data /data rw - ext4 /dev/vda1 rw";
    String device = "702 651 0:60 / /scratch rw - tmpfs tmpfs rw";
    List<String> mounts = List.of(ROOT, DEPLOY, volume, device);
    assertThat(InContainer.hostName(Path.of("/deploy/sub"), mounts)).isEmpty();
    assertThat(InContainer.hostName(Path.of("/data"), mounts)).isEmpty();
    assertThat(InContainer.hostName(Path.of("/scratch"), mounts)).isEmpty();
  }
}
