using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Identity;

public sealed record CreateUserRequest(string UserName, FleetRole Role, string Password);

/// <summary>Changes to a user; a null field is left as it is. A new password signs the user out everywhere.</summary>
public sealed record UpdateUserRequest(FleetRole? Role = null, bool? Disabled = null, string? Password = null);

/// <summary>/api/users: the tenant's users (admins only).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Permissions.UsersManage);
        users.MapGet("/", List);
        users.MapGet("/{userId:guid}", Get);
        users.MapPost("/", Create);
        users.MapPatch("/{userId:guid}", Update);
        return api;
    }

    public static async Task<Ok<List<UserView>>> List(FleetDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken)).Select(UserView.Of).ToList());

    public static async Task<Results<Ok<UserView>, ProblemHttpResult>> Get(Guid userId, FleetDbContext db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? ApiProblems.NotFound("user", userId) : TypedResults.Ok(UserView.Of(user));
    }

    public static async Task<Results<Created<UserView>, ProblemHttpResult>> Create(CreateUserRequest request, FleetDbContext db,
        Accounts accounts, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator().Name("userName", request.UserName);
        validator.Check(Enum.IsDefined(request.Role), "role", "One of: admin, engineer, technician, viewer.");
        if (accounts.CheckPassword(request.Password) is { } weak)
        {
            validator.Add("password", weak);
        }

        if (validator.Problem is { } problem)
        {
            return problem;
        }

        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == request.UserName, cancellationToken))
        {
            // User names are unique across tenants (sign-in takes no tenant), so the answer is the same for any tenant.
            return ApiProblems.Conflict("The user name is taken.", $"'{request.UserName}' is in use on this server; pick another user name.");
        }

        var user = await accounts.CreateUserAsync(tenant.TenantId!.Value, request.UserName, request.Role, request.Password, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", UserView.Of(user));
    }

    public static async Task<Results<Ok<UserView>, ProblemHttpResult>> Update(Guid userId, UpdateUserRequest request, HttpContext http,
        FleetDbContext db, Accounts accounts, IPasswordHasher<User> hasher, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return ApiProblems.NotFound("user", userId);
        }

        var validator = new RequestValidator();
        validator.Check(request.Role is null || Enum.IsDefined(request.Role.Value), "role", "One of: admin, engineer, technician, viewer.");
        if (request.Password is not null && accounts.CheckPassword(request.Password) is { } weak)
        {
            validator.Add("password", weak);
        }

        var self = FleetClaims.ActorOf(http.User) == "user:" + user.UserName;
        validator.Check(!(self && (request.Disabled == true || request.Role is { } r && r != FleetRole.Admin)), "role",
            "You cannot disable or demote yourself; another admin must do it (so a tenant always keeps an admin).");
        if (validator.Problem is { } problem)
        {
            return problem;
        }

        var before = UserView.Of(user);
        user.Role = request.Role ?? user.Role;
        user.Disabled = request.Disabled ?? user.Disabled;
        if (request.Password is not null)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password);
        }

        var now = time.UtcNow();
        user.UpdatedAt = now;
        if (request.Password is not null || user.Disabled || user.Role != before.Role)
        {
            foreach (var session in await db.Sessions.Where(s => s.UserId == user.Id && s.RevokedAt == null).ToListAsync(cancellationToken))
            {
                session.RevokedAt = now;
            }
        }

        var after = UserView.Of(user);
        audit.Record(request.Password is null ? "user.update" : "user.update+password", "user", user.Id, before, after);
        await audit.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(after);
    }
}
