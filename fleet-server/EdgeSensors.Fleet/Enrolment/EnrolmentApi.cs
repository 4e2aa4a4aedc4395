using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Identity.SignInLimits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Enrolment;

/// <summary>
/// POST /api/enrol (a device with a token, no user), /api/enrolment-tokens (admins) and
/// /api/devices/{id}/credentials (rotate, revoke). docs/enrolment.md describes the flow.
/// </summary>
public static class EnrolmentApi
{
    public static void AddEnrolment(this WebApplicationBuilder builder)
    {
        builder.AddFleetBroker();
        builder.Services.AddSingleton<BrokerEndpointInfo>();
        builder.Services.AddScoped<EnrolmentService>();
    }

    public static void MapEnrolment(this RouteGroupBuilder api)
    {
        api.MapPost("/enrol", EnrolAsync).AllowAnonymous().WithName("Enrol");

        var tokens = api.MapGroup("/enrolment-tokens").RequireAuthorization(Permissions.EnrolmentManage);
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateEnrolmentToken");
        tokens.MapGet("/", ListTokensAsync).WithName("ListEnrolmentTokens");
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithName("RevokeEnrolmentToken");

        var credentials = api.MapGroup("/devices/{id:guid}/credentials").RequireAuthorization(Permissions.CredentialsManage);
        credentials.MapGet("/", GetCredentialAsync).WithName("GetDeviceCredentials");
        credentials.MapPost("/rotate", RotateAsync).WithName("RotateDeviceCredentials");
        credentials.MapPost("/revoke", RevokeCredentialAsync).WithName("RevokeDeviceCredentials");
    }

    private static async Task<Results<Ok<EnrolResponse>, ProblemHttpResult, ValidationProblem>> EnrolAsync(EnrolRequest request, HttpContext http, EnrolmentService enrolment,
        SignInLimiter limiter, CancellationToken ct)
    {
        // Counted before anything is checked: a guessed token costs an attempt whatever it looks like.
        if (await limiter.TryAcquireEnrolmentAsync(http.Connection.RemoteIpAddress?.ToString(), ct) is { } refusal)
        {
            http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many enrolment attempts.", detail: refusal.Detail);
        }

        var errors = new Dictionary<string, string[]>();
        Check(errors, "token", string.IsNullOrWhiteSpace(request.Token) ? "The enrolment token is required (edgesensors enroll --token ...)." : null);
        Check(errors, "token", request.Token?.Length > 200 ? "The token is too long to be an enrolment token." : null);
        Check(errors, "requestedId", request.RequestedId is { } id && !EnrolmentRules.IsDeviceId(id) ? $"'{id}' is not a device id: 1-64 of A-Z a-z 0-9 _ . -, starting with a letter or digit." : null);
        Check(errors, "serialNumber", request.SerialNumber?.Length > Limits.Name ? $"At most {Limits.Name} characters." : null);
        Check(errors, "hardwareVersion", request.HardwareVersion?.Length > Limits.Version ? $"At most {Limits.Version} characters." : null);
        Check(errors, "firmwareVersion", request.FirmwareVersion?.Length > Limits.Version ? $"At most {Limits.Version} characters." : null);
        Check(errors, "softwareVersion", request.SoftwareVersion?.Length > Limits.Version ? $"At most {Limits.Version} characters." : null);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        (EnrolResponse? response, EnrolmentFailure? failure) = await enrolment.EnrolAsync(request, http.Request.Host.Host, ct);
        return response is not null ? TypedResults.Ok(response) : Problem(failure!);
    }

    private static async Task<Results<Created<CreatedEnrolmentToken>, ProblemHttpResult>> CreateTokenAsync(CreateEnrolmentTokenRequest request, EnrolmentService enrolment, CancellationToken ct)
    {
        (CreatedEnrolmentToken? created, EnrolmentFailure? failure) = await enrolment.CreateTokenAsync(request.SiteId, null, request.MaxUses, request.ExpiresInHours, ct);
        return created is not null ? TypedResults.Created($"/api/enrolment-tokens/{created.Info.Id}", created) : Problem(failure!);
    }

    private static async Task<Ok<EnrolmentTokenView[]>> ListTokensAsync(FleetDbContext db, CancellationToken ct)
    {
        var tokens = await db.Set<EnrolmentToken>().AsNoTracking().OrderByDescending(t => t.CreatedAt).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(tokens.Select(EnrolmentTokenView.Of).ToArray());
    }

    private static async Task<Results<Ok<EnrolmentTokenView>, NotFound>> RevokeTokenAsync(Guid id, EnrolmentService enrolment, CancellationToken ct) =>
        await enrolment.RevokeTokenAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Ok<DeviceCredentialView>, NotFound>> GetCredentialAsync(Guid id, FleetDbContext db, CancellationToken ct) =>
        await db.Set<DeviceCredential>().AsNoTracking().FirstOrDefaultAsync(c => c.DeviceId == id, ct) is { } credential
            ? TypedResults.Ok(DeviceCredentialView.Of(credential))
            : TypedResults.NotFound();

    /// <summary>Issues a single-use re-enrolment token for this device; the old password works until the device uses it.</summary>
    private static async Task<Results<Created<CreatedEnrolmentToken>, ProblemHttpResult>> RotateAsync(Guid id, RotateCredentialsRequest request, FleetDbContext db, EnrolmentService enrolment, CancellationToken ct)
    {
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (device is null || !await db.Set<DeviceCredential>().AnyAsync(c => c.DeviceId == id, ct))
        {
            return Problem(new EnrolmentFailure(404, "Enrolled device not found.", $"No enrolled device {id} in your tenant; a device gets credentials by enrolling."));
        }

        (CreatedEnrolmentToken? created, EnrolmentFailure? failure) = await enrolment.CreateTokenAsync(device.SiteId, id, 1, request.ExpiresInHours, ct);
        return created is not null ? TypedResults.Created($"/api/enrolment-tokens/{created.Info.Id}", created) : Problem(failure!);
    }

    private static async Task<Results<Ok<DeviceCredentialView>, NotFound>> RevokeCredentialAsync(Guid id, EnrolmentService enrolment, CancellationToken ct) =>
        await enrolment.RevokeCredentialAsync(id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static void Check(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }

    private static ProblemHttpResult Problem(EnrolmentFailure failure) => TypedResults.Problem(failure.Detail, statusCode: failure.Status, title: failure.Title);
}
