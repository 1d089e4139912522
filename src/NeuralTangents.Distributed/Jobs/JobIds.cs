namespace NeuralTangents.Distributed;

/// <summary>
/// Job ids: the 32 lowercase hex digits of a <see cref="Guid"/> (<c>"N"</c> format), which the client draws for a new
/// job and the store's progress file keeps. Grains check ids they receive before using them as grain keys.
/// </summary>
internal static class JobIds
{
    public const string Description = "32 lowercase hex digits";

    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
