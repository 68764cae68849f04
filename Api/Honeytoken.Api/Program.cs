using Honeytoken.Api.Authentication;
using Honeytoken.Api.Features;
using Honeytoken.Api.Features.Admin;
using Honeytoken.Api.Features.Alerts;
using Honeytoken.Api.Features.Dashboard;
using Honeytoken.Api.Features.Honeytokens;
using Honeytoken.Api.Features.Webhooks;
using Honeytoken.Api.Health;
using Honeytoken.Api.Hosting;
using Honeytoken.Api.OpenApi;
using Honeytoken.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddHoneytokenTelemetry("honeytoken-api", meters: [], activitySources: []);
builder.AddHoneytokenCluster();
builder.AddApiAuthentication();
builder.Services.AddProblemDetails();
builder.Services.AddHealthProbes();
builder.Services.AddApiFeatures();
builder.Services.AddApiReference();
builder.Services.AddDashboard();
builder.Services.AddWebhooks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthProbes();
app.MapApiReference();
app.MapHoneytokensApi();
app.MapHoneytokenEventsApi();
app.MapHoneytokenNotesApi();
app.MapApiTokensApi();
app.MapHoneytokenSetupApi();
app.MapDashboard();
app.MapWebhooksApi();
app.MapLogFileQuarantineApi();
app.MapNotificationDestinationsApi();
app.MapHealthChecksApi();

app.Run();

/// <summary>The Api's entry point, visible to the functional tests.</summary>
public partial class Program;
