namespace Honeytoken.Grains.Storage;

/// <summary>The grain storage that the grains of this project keep their state in.</summary>
public static class GrainStorage
{
    /// <summary>The storage name the silo registers; it stores state as JSON in PostgreSQL.</summary>
    public const string Name = "honeytoken";
}

/// <summary>The purposes under which <see cref="SecretProtector"/> encrypts each kind of secret.</summary>
public static class SecretPurposes
{
    /// <summary>A honeytoken's secret access key, in grain state and in the query table.</summary>
    public const string HoneytokenSecretKey = "honeytoken.secret-key";

    /// <summary>The uploaded configuration file, which contains the bootstrap secret, external ID and webhook key.</summary>
    public const string Configuration = "honeytoken.setup.configuration";
}
