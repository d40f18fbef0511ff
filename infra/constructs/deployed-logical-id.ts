/**
 * The stack was first deployed with every resource built inline; its resources have since moved
 * into constructs. A resource whose construct path changed would get a new logical ID, and
 * CloudFormation would replace it: a new, empty resource, or a failed deploy where a name must
 * be unique (the `live` alias, a named log group, the designers group, the sender identity).
 * These resources keep the logical ID they were deployed with.
 */
import { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Pins the logical ID of `resource` (an L1, or an L2 through its default child) to `deployedId`. */
export function keepDeployedLogicalId(resource: IConstruct, deployedId: string): void {
  const element = resource instanceof CfnElement ? resource : resource.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${resource.node.path} has no CloudFormation resource to pin`);
  element.overrideLogicalId(deployedId);
}
