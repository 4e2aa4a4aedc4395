using EdgeSensors.Fleet.Hosting;

// `EdgeSensors.Fleet admin ...` runs a scripted task against the configured database and exits.
if (args is ["admin", ..])
{
    return await EdgeSensors.Fleet.Admin.AdminCli.RunAsync(args[1..]);
}

// appsettings.json is read from beside the binary, so the server starts alike from any working directory;
// the data directory (Fleet:Database:DataDirectory, default ./data) is relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddFleetServices();
var app = builder.Build();
app.UseFleetPipeline();
app.MapFleetEndpoints();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
