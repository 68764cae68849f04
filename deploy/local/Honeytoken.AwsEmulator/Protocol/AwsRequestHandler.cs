using System.Text.Json;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.CloudTrail;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Signing;
using Honeytoken.AwsEmulator.State;
using Microsoft.AspNetCore.Connections.Features;

namespace Honeytoken.AwsEmulator.Protocol;

/// <summary>
/// Entry point of every AWS call. Routes the request to a service by the SigV4 credential
/// scope, <c>X-Amz-Target</c> or the <c>Action</c> field, authenticates it, applies faults
/// and policies, runs the action, and records the call in CloudTrail.
/// </summary>
public sealed class AwsRequestHandler(
    IEnumerable<AwsApi> apis,
    EmulatorState state,
    SigV4Verifier verifier,
    CloudTrailRecorder recorder,
    FaultInjector faults,
    StateStore store,
    TimeProvider timeProvider,
    ILogger<AwsRequestHandler> logger)
{
    private readonly Dictionary<string, AwsApi> apisBySigningName = apis.ToDictionary(a => a.SigningName, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var (signed, body, parameters) = await RequestReader.ReadAsync(http, cancellationToken);
        var requestId = Guid.NewGuid().ToString();

        SigV4Authorization? authorization;
        try
        {
            authorization = SigV4Authorization.Parse(signed, parameters);
        }
        catch (FormatException exception)
        {
            var fallback = SelectApi(null, http, parameters);
            await WriteAsync(http, fallback.FormatError(fallback.MalformedAuthorization(exception.Message), requestId), requestId);
            return;
        }

        var api = SelectApi(authorization?.Service, http, parameters);
        var action = api.ResolveAction(http, parameters) ?? "Unknown";
        if (authorization is null)
        {
            await WriteAsync(http, api.FormatError(api.MissingAuthentication(), requestId), requestId);
            return;
        }

        var (key, caller) = FindCaller(authorization.AccessKeyId);
        if (key is null || caller is null)
        {
            Log.UnknownAccessKey(logger, authorization.AccessKeyId, api.SigningName, action);
            await WriteAsync(http, api.FormatError(api.UnknownAccessKey(), requestId), requestId);
            return;
        }

        var json = ReadJson(http, body);
        var call = new AwsCall
        {
            Http = http,
            Action = action,
            Region = authorization.Region,
            Caller = caller,
            RequestId = requestId,
            Body = body,
            Signed = signed,
            Parameters = parameters,
            Json = json,
        };

        AwsResult result;
        try
        {
            Authenticate(api, call, authorization, key);
            UpdateLastUsed(key, api, authorization.Region);
            ApplyFaults(api, action);
            Authorize(api, call);
            result = await api.InvokeAsync(call, cancellationToken);
        }
        catch (AwsServiceException error)
        {
            Log.CallFailed(logger, api.SigningName, action, caller.Key.AccessKeyId, error.Code);
            result = api.FormatError(error, requestId);
            RecordCall(api, call, error, null);

            // A rejected call still changed the key's last-used data.
            await store.SaveAsync(cancellationToken);
            await WriteAsync(http, result, requestId);
            return;
        }

        RecordCall(api, call, null, result);
        await store.SaveAsync(cancellationToken);
        await WriteAsync(http, result, requestId);
    }

    private AwsApi SelectApi(string? scopeService, HttpContext http, IReadOnlyDictionary<string, string> parameters)
    {
        if (scopeService is not null && apisBySigningName.TryGetValue(scopeService, out var byScope))
        {
            return byScope;
        }

        // A key may be used against any AWS service, and a honeytoken's use must be recorded
        // whichever service the caller tried.
        if (scopeService is not null)
        {
            return new UnsupportedServiceApi(scopeService, http, parameters);
        }

        if (http.Request.Headers.ContainsKey("X-Amz-Target"))
        {
            return apisBySigningName["organizations"];
        }

        if (parameters.TryGetValue("Action", out var action))
        {
            return StsActions.Contains(action) ? apisBySigningName["sts"] : apisBySigningName["iam"];
        }

        return apisBySigningName["s3"];
    }

    private static readonly HashSet<string> StsActions =
        ["AssumeRole", "GetCallerIdentity", "GetAccessKeyInfo", "GetSessionToken", "GetFederationToken"];

    private (AccessKeyState? Key, CallerIdentity? Caller) FindCaller(string accessKeyId)
    {
        lock (state.Gate)
        {
            if (!state.AccessKeys.TryGetValue(accessKeyId, out var key))
            {
                return (null, null);
            }

            return (key, CallerIdentity.For(state, key));
        }
    }

    private void Authenticate(AwsApi api, AwsCall call, SigV4Authorization authorization, AccessKeyState key)
    {
        switch (verifier.Verify(call.Signed, authorization, key.SecretAccessKey))
        {
            case SignatureCheck.Mismatch:
                throw api.SignatureMismatch();
            case SignatureCheck.Expired:
                throw api.SignatureExpired(authorization.SignedAt, timeProvider.GetUtcNow());
        }

        // A temporary key is valid only with its own session token and until it expires.
        var token = call.Signed.Header("X-Amz-Security-Token") ?? call.Optional("X-Amz-Security-Token");
        var expired = key.Expiration is { } expiration && expiration <= timeProvider.GetUtcNow();
        if (key.Status != "Active" || (key.IsTemporary && (token != key.SessionToken || expired)))
        {
            throw expired
                ? new AwsServiceException("ExpiredToken", "The security token included in the request is expired", 403)
                : api.UnknownAccessKey();
        }
    }

    private void UpdateLastUsed(AccessKeyState key, AwsApi api, string region)
    {
        lock (state.Gate)
        {
            // IAM tracks last use on the long-term key, also for sessions derived from it.
            var longTerm = key.SourceAccessKeyId is { } source && state.AccessKeys.TryGetValue(source, out var parent) ? parent : key;
            longTerm.LastUsedAt = timeProvider.GetUtcNow();
            longTerm.LastUsedService = api.SigningName;
            longTerm.LastUsedRegion = api.RecordRegion(region);
        }
    }

    private void ApplyFaults(AwsApi api, string action)
    {
        if (faults.ShouldThrottle(api.SigningName, action))
        {
            Log.FaultInjected(logger, "throttling", api.SigningName, action);
            throw api.Throttled();
        }

        if (faults.ShouldFailWithServerError(api.SigningName, action))
        {
            Log.FaultInjected(logger, "server error", api.SigningName, action);
            throw api.InjectedServerError();
        }
    }

    private static void Authorize(AwsApi api, AwsCall call)
    {
        if (!call.Caller.Administrator && !api.AllowsWithoutPolicy(call.Action))
        {
            throw api.AccessDenied(call.Caller, call.Action, api.ResourceOf(call));
        }
    }

    private void RecordCall(AwsApi api, AwsCall call, AwsServiceException? error, AwsResult? result)
    {
        bool unlogged;
        lock (state.Gate)
        {
            unlogged = state.Trail.UnloggedActions.Contains($"{api.SigningName}:{call.Action}", StringComparer.OrdinalIgnoreCase);
        }

        if (unlogged)
        {
            return;
        }

        var tls = call.Http.Features.Get<ITlsHandshakeFeature>();
        var details = api is IDataEventSource source ? source.DataEventDetails(call) : null;
        recorder.Record(new ApiCallEvent
        {
            Caller = call.Caller,
            EventSource = api.EventSource,
            EventName = api.EventName(call.Action),
            Region = api.RecordRegion(call.Region),
            EventTime = timeProvider.GetUtcNow(),
            SourceIpAddress = call.Http.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = call.Http.Request.Headers.UserAgent.ToString(),
            RequestId = call.RequestId,
            ReadOnly = api.IsReadOnly(call.Action),
            DataEvent = details is not null,
            Resources = details,
            HostHeader = call.Http.Request.Host.Value,
            TlsVersion = tls?.Protocol.ToString(),
            CipherSuite = tls is null ? null : tls.NegotiatedCipherSuite?.ToString(),
            RequestParameters = api.RequestParameters(call),
            ResponseElements = result?.ResponseElements,
            ErrorCode = error is null ? null : error.CloudTrailCode ?? error.Code,
            ErrorMessage = error?.Message,
        });
    }

    private static JsonObject? ReadJson(HttpContext http, byte[] body)
    {
        var contentType = http.Request.ContentType ?? "";
        if (body.Length == 0 || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext http, AwsResult result, string requestId)
    {
        http.Response.StatusCode = result.StatusCode;
        foreach (var (name, value) in result.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (result.ContentType.Length > 0)
        {
            http.Response.ContentType = result.ContentType;
        }

        // Query and JSON services name the request id in x-amzn-RequestId, S3 in x-amz-request-id.
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers["x-amz-request-id"] = requestId;

        // A HEAD response keeps the Content-Length of the object but sends no body, and a 204 has none.
        if (!HttpMethods.IsHead(http.Request.Method) && result.StatusCode != StatusCodes.Status204NoContent)
        {
            http.Response.ContentLength = result.Body.Length;
            await http.Response.Body.WriteAsync(result.Body, http.RequestAborted);
        }
    }
}

/// <summary>A service whose calls CloudTrail logs as data events, with their resources.</summary>
public interface IDataEventSource
{
    /// <summary>Returns the record's <c>resources</c> when the call is a data event, else null.</summary>
    JsonArray? DataEventDetails(AwsCall call);
}
