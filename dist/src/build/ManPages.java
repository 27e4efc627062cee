import io.testbed.plugins.cli.Main;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the man pages (AsciiDoc, one per command) and the bash completion from the command tree
 * the executable wires ({@link Main#commandLine()}): the root command's annotation names no
 * subcommands, because a run adds only the one it was asked for, so generators that read the
 * class alone would see none. Run at package time with Java's source launcher:
 * {@code java -cp CLASSPATH ManPages.java MAN_ADOC_DIR COMPLETION_FILE}.
 */
final class ManPages {
  public static void main(String[] args) throws Exception {
    CommandLine cmd = Main.commandLine();
    int status =
        ManPageGenerator.generateManPage(
            new File(args[0]), null, new boolean[0], true, cmd.getCommandSpec());
    Files.writeString(Path.of(args[1]), AutoComplete.bash("testbed-plugins", cmd));
    System.exit(status);
  }
}
