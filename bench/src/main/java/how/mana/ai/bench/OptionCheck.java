package how.mana.ai.bench;

import how.mana.ai.sync.SyncGeneration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values shared by the bench commands; a bad value is a {@link ParameterException} naming it. */
final class OptionCheck {
    private final CommandSpec command;

    OptionCheck(CommandSpec command) {
        this.command = command;
    }

    int atLeast(String option, int value, int min) {
        if (value < min) {
            throw invalid(option + " must be an integer of at least " + min + ", got " + value);
        }
        return value;
    }

    double fraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw invalid(option + " must be a number between 0 and 1, got " + value);
        }
        return value;
    }

    double positive(String option, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw invalid(option + " must be a positive number, got " + value);
        }
        return value;
    }

    String heap(String option, String value) {
        if (!value.matches("[1-9][0-9]*[kmgKMG]?")) {
            throw invalid(option + " must be a JVM size like 256m, got " + value);
        }
        return value;
    }

    SyncGeneration generation(String option, int value) {
        return switch (value) {
            case 1 -> SyncGeneration.ONE;
            case 2 -> SyncGeneration.TWO;
            default -> throw invalid(option + " must be 1 or 2, got " + value);
        };
    }

    ParameterException invalid(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
