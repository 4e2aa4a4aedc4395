using Microsoft.Extensions.FileProviders;

namespace EdgeSensors.Fleet.Dashboard;

/// <summary>
/// Serves the web dashboard (wwwroot: plain HTML, JavaScript modules and CSS, no build step) at "/". Nothing in it
/// loads from another origin; every byte of data comes from /api with the user's bearer token.
/// </summary>
public static class DashboardFiles
{
    public static WebApplication UseDashboard(this WebApplication app)
    {
        var root = Path.Combine(app.Environment.ContentRootPath, "wwwroot");
        if (!Directory.Exists(root))
        {
            // A published binary started from another folder: publish copies wwwroot beside it.
            root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        }

        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("dashboard files not found (no wwwroot in {ContentRoot} or {Base}); the API still works", app.Environment.ContentRootPath, AppContext.BaseDirectory);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Small files, changed with the server: revalidate instead of serving a stale page after an upgrade.
                headers.CacheControl = "no-cache";
                headers["X-Content-Type-Options"] = "nosniff";
                headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
            },
        });
        return app;
    }
}
