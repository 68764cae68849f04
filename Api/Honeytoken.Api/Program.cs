using Honeytoken.Api.Features.Admin;
using Honeytoken.Api.Features.Webhooks;
using Honeytoken.Api.Health;
using Honeytoken.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddHoneytokenCluster();
builder.Services.AddProblemDetails();
builder.Services.AddHealthProbes();
builder.Services.AddWebhooks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapHealthProbes();
app.MapWebhooksApi();
app.MapLogFileQuarantineApi();

app.Run();

/// <summary>The Api's entry point, visible to the functional tests.</summary>
public partial class Program;
