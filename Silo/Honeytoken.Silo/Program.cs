using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

try
{
    if (args is [SiloHost.MigrateCommand, .. var rest])
    {
        await SiloHost.MigrateAsync(rest, CancellationToken.None);
        return 0;
    }

    using var host = SiloHost.CreateBuilder(args).Build();
    await host.RunAsync();
    return 0;
}
catch (OptionsValidationException exception)
{
    // A configuration error needs the message that names the setting, not a stack trace.
    await Console.Error.WriteLineAsync($"Invalid configuration: {exception.Message}");
    return 2;
}
