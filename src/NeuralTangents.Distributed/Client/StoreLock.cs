namespace NeuralTangents.Distributed;

/// <summary>
/// The exclusive lock of a store folder while a job writes it: <c>job.lock</c> opened without sharing (an advisory
/// lock on Linux, so a crashed client leaves no stale lock behind).
/// </summary>
internal sealed class StoreLock : IDisposable
{
    public const string FileName = "job.lock";

    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    /// <exception cref="StoreInUseException">Another job (in this or another process) holds the store.</exception>
    public static StoreLock Acquire(string folder)
    {
        string path = Path.Combine(folder, FileName);
        try
        {
            return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException held)
        {
            throw new StoreInUseException($"The store {folder} is in use by another job ({path} is locked); wait for it to finish, cancel it, or use another store.", held);
        }
    }

    public void Dispose() => _file.Dispose();
}
