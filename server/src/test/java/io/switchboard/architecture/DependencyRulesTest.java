package io.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Profiles import core; core never imports a profile; profiles never import each other; JDBC only in store. */
class DependencyRulesTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.switchboard");
  }

  @Test
  void coreNeverImportsAProfileOrTheWiring() {
    noClasses().that().resideInAPackage("io.switchboard.core..")
        .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.profile..", "io.switchboard.server..",
            "io.switchboard.store..")
        .check(classes);
  }

  @Test
  void profilesNeverImportEachOther() {
    slices().matching("io.switchboard.profile.(*)..").should().notDependOnEachOther().check(classes);
  }

  @Test
  void profilesDoNotReachStorageOrWiringDirectly() {
    noClasses().that().resideInAPackage("io.switchboard.profile..")
        .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.store..", "io.switchboard.server..")
        .check(classes);
  }

  @Test
  void jdbcOnlyInStore() {
    noClasses().that().resideOutsideOfPackage("io.switchboard.store..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
        .check(classes);
  }
}
