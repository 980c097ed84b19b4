#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addArgus } from './stacks/argus';

// Stage from `-c stage=local|dev|staging|prod` (cdk.json defaults to dev); anything else fails synth.
const app = new App();
addArgus(app);
app.synth();
