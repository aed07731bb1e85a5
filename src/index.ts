#!/usr/bin/env node
import { formatError } from './errors.js';
console.log(formatError(new Error('hello')));
