using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace EdgeSensors.Fleet.Api;

/// <summary>One JSON contract for requests, responses and audit snapshots: camelCase, enums as camelCase strings, strict.</summary>
public static class JsonSetup
{
    public static void Configure(JsonOptions options) => Configure(options.SerializerOptions);

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        // A misspelt field must not be ignored silently: "overfilLevel" would otherwise drop the overfill level.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }
}
