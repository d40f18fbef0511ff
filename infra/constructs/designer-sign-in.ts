/**
 * How designers sign in: a Cognito user pool (invitation only, MFA required), its designers
 * group, the hosted sign-in domain and the designer console's client.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { DESIGNERS_GROUP } from '#edge/config';
import { keepDeployedLogicalId } from './deployed-logical-id.ts';

export interface DesignerSignInProps {
  /** Where Cognito may send designers back after sign-in (the designer console). */
  callbackUrls: string[];
  /** Where Cognito may send designers after sign-out. @default the callback URLs */
  logoutUrls?: string[];
  /** Prefix of the hosted sign-in domain. @default `<stack name>-<account id>`, lower case */
  domainPrefix?: string;
}

export class DesignerSignIn extends Construct {
  readonly userPool: cognito.UserPool;
  readonly consoleClient: cognito.UserPoolClient;
  readonly signInDomain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: DesignerSignInProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // 'Default' is left out of logical IDs: the pool, its domain and client keep the IDs they
    // were deployed with as the stack's `DesignerPool` (a new ID would be a new, empty pool).
    this.userPool = new cognito.UserPool(this, 'Default', {
      // Designers are studio staff: an administrator invites them, nobody signs themself up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Designers approve what is made from customers' money: a second factor is required
      // (authenticator app; no SMS, which would need an SNS role and is the weaker factor).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier (nag COG8): blocks compromised-credential and risky sign-ins. Billed per monthly
      // active user; a studio has a handful of designers.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const designersGroup = new cognito.CfnUserPoolGroup(this, 'DesignersGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: DESIGNERS_GROUP,
      description: 'Studio designers: may list commissions and decide on their stages.',
    });
    keepDeployedLogicalId(designersGroup, 'DesignersGroup');
    this.signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: {
        domainPrefix: props.domainPrefix ?? `${stack.stackName.toLowerCase()}-${stack.account}`,
      },
    });
    this.consoleClient = this.userPool.addClient('DesignerConsoleClient', {
      // A browser app cannot keep a secret: authorization code flow with PKCE instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls ?? props.callbackUrls,
      },
      // The console may change only the designer's display name: never `email`, which the
      // history once took as the actor's identity (it is `sub` now: functions/core/edge/http.ts)
      // and which an administrator alone should change. Reading stays as it was.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /**
   * The `iss` claim of the pool's tokens. Spelled out: the pool's ProviderURL attribute lacks the
   * `https://` scheme that the claim (and so a JWT authorizer's issuer) has.
   */
  get tokenIssuer(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** How the console signs designers in (CONSOLE_SIGN_IN, JSON): the hosted UI and the client. */
  get consoleSignIn(): string {
    return Stack.of(this).toJsonString({
      kind: 'cognito',
      domain: this.signInDomain.baseUrl(),
      clientId: this.consoleClient.userPoolClientId,
    });
  }
}
