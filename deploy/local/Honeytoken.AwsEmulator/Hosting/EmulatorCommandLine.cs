using System.Globalization;

namespace Honeytoken.AwsEmulator.Hosting;

/// <summary>Parses the emulator's command line into options.</summary>
public sealed class EmulatorCommandLine
{
    public const string HelpText = """
        Honeytoken AWS emulator: STS, IAM, Organizations, S3 and CloudTrail deliveries on one port.

        Usage: Honeytoken.AwsEmulator [options]

          --urls URL                      Address to listen on. Default http://127.0.0.1:4566.
          --seed FILE                     Seed file applied at start. Default: the built-in local seed
                                          (account 123456789012, key AKIAIOSFODNN7EXAMPLE).
          --state-file FILE               Keep state in FILE across restarts. Default: memory only.
          --create-account-seconds N      Seconds a CreateAccount request stays IN_PROGRESS. Default 5.
          --realtime-delay-seconds N      Seconds between a call and its EventBridge delivery. Default 2.
          --log-file-interval-seconds N   Seconds between CloudTrail log file writes. Default 30.
          --webhook-attempts N            Attempts per webhook delivery. Default 4.
          --webhook-backoff-seconds N     Seconds before the first webhook retry, doubled per retry. Default 1.
          --webhook-concurrency N         Webhook deliveries in flight at once. Default 16.
          --help                          Show this text.

        Control API: /_emulator/seed, /_emulator/faults, /_emulator/deliveries,
        /_emulator/deliveries/statistics, /_emulator/iam,
        /_emulator/cloudtrail/flush, /_emulator/cloudtrail/records, /_emulator/config.
        """;

    public AwsEmulatorOptions Options { get; } = new();

    public string Urls { get; private set; } = "http://127.0.0.1:4566";

    public bool ShowHelp { get; private set; }

    public List<string> Errors { get; } = [];

    public static EmulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new EmulatorCommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                result.ShowHelp = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                result.Errors.Add($"Option {name} needs a value.");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--urls":
                    result.Urls = value;
                    break;
                case "--seed":
                    result.Options.SeedFile = value;
                    break;
                case "--state-file":
                    result.Options.StateFile = value;
                    break;
                case "--create-account-seconds":
                    result.Options.CreateAccountDuration = result.Seconds(name, value);
                    break;
                case "--realtime-delay-seconds":
                    result.Options.RealTimeDelay = result.Seconds(name, value);
                    break;
                case "--log-file-interval-seconds":
                    result.Options.LogFileInterval = result.Seconds(name, value);
                    break;
                case "--webhook-attempts":
                    result.Options.WebhookMaxAttempts = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
                        ? attempts
                        : result.Invalid(name, value, 0);
                    break;
                case "--webhook-concurrency":
                    result.Options.WebhookConcurrency = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var concurrency)
                        ? concurrency
                        : result.Invalid(name, value, 0);
                    break;
                case "--webhook-backoff-seconds":
                    result.Options.WebhookInitialBackoff = result.Seconds(name, value);
                    break;
                default:
                    result.Errors.Add($"Unknown option {name}.");
                    break;
            }
        }

        result.Errors.AddRange(result.Options.Validate());
        return result;
    }

    private TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : Invalid(name, value, TimeSpan.Zero);

    private T Invalid<T>(string name, string value, T fallback)
    {
        Errors.Add($"Option {name} has invalid value '{value}'; use a non-negative number.");
        return fallback;
    }
}
