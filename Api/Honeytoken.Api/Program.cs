using Honeytoken.Api.Features.Alerts;
using Honeytoken.Api.Health;
using Honeytoken.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddHoneytokenCluster();
builder.Services.AddProblemDetails();
builder.Services.AddHealthProbes();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapHealthProbes();
app.MapNotificationDestinationsApi();

app.Run();

/// <summary>The Api's entry point, visible to the functional tests.</summary>
public partial class Program;
