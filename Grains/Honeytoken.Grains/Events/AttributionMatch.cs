namespace Honeytoken.Grains.Events;

/// <summary>The identifier through which a record was attributed to a honeytoken.</summary>
public enum AttributionMatch
{
    /// <summary>The record belongs to no honeytoken.</summary>
    None,

    /// <summary><c>userIdentity.accessKeyId</c> is the token's long-term key.</summary>
    AccessKey,

    /// <summary><c>userIdentity.accessKeyId</c> is a temporary key minted with the token's credentials.</summary>
    DerivedAccessKey,

    /// <summary><c>userIdentity.arn</c> is the token's principal.</summary>
    PrincipalArn,

    /// <summary><c>userIdentity.principalId</c> is the token's principal id.</summary>
    PrincipalId,

    /// <summary><c>sessionContext.sessionIssuer.arn</c> is the token's principal.</summary>
    SessionIssuerArn,

    /// <summary><c>sessionContext.sessionIssuer.principalId</c> is the token's principal id.</summary>
    SessionIssuerPrincipalId,
}
