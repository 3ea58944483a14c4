package io.roomwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code roomwire.*} setting is in the README's configuration table: the list comes from the
 * metadata the configuration processor generates from the {@code @ConfigurationProperties} records,
 * so a new limit without a README line fails here.
 */
class ConfigurationDocsTests {

    @Test
    void everyRoomWirePropertyIsInTheReadme() throws IOException {
        List<String> properties = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata (spring-boot-configuration-processor)").isNotNull();
            for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
                String name = property.get("name").asString();
                if (name.startsWith("roomwire.")) {
                    properties.add(name);
                }
            }
        }
        List<String> readme = Files.readAllLines(Path.of("README.md"));

        assertThat(properties).as("roomwire.* properties").hasSizeGreaterThan(40);
        assertThat(properties).allSatisfy(name -> assertThat(documented(name, readme))
                .as("%s in a README table row", name).isTrue());
    }

    /** A row names it whole ({@code `a.b.c`}) or as a sibling of a named one ({@code `a.b.x` / `c`}). */
    private static boolean documented(String name, List<String> readme) {
        String parent = name.substring(0, name.lastIndexOf('.'));
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        return readme.stream().filter(line -> line.startsWith("| `"))
                .anyMatch(line -> line.contains("`" + name + "`")
                        || (line.contains("`" + parent + ".") && line.contains("`" + leaf + "`")));
    }
}
