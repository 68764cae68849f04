using Honeytoken.AwsEmulator.Hosting;

var commandLine = EmulatorCommandLine.Parse(args);
if (commandLine.ShowHelp)
{
    Console.WriteLine(EmulatorCommandLine.HelpText);
    return 0;
}

if (commandLine.Errors.Count > 0)
{
    foreach (var error in commandLine.Errors)
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine("Run with --help for the list of options.");
    return 2;
}

var app = EmulatorApplication.Build(commandLine.Options, commandLine.Urls, LogLevel.Information);
await app.RunAsync();
return 0;
